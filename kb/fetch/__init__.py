"""Fetching official web pages and attachments for ``kb add URL``; nothing here touches the network except the
addresses given.

``http.fetch(url)`` returns the bytes with what is known about them (``answer.Fetched``: final address, content
type, the file suffix kb's extractors read, when it was retrieved, a SHA-256); every failure is an
``InputError(url, cause)`` whose cause a staff member can act on. ``pages.decode_html`` turns a page's bytes into
text the way browsers do for Chinese sites, and ``pages.attachment_links`` lists the files a notice links to.
``sources.fetch_sources`` fetches what ``kb add`` was given and saves it for the extractors; ``addresses`` reads
addresses and sizes."""
