"""Tra cứu web app (Gradio), in Vietnamese: four tabs over one index.

  * Hỏi đáp: question -> answer with clickable [n] markers, each cited passage with the quote
    highlighted, its footnotes, and the original PDF page with the quote's region marked;
  * Tài liệu: the document library; upload PDFs (checked, copied under a hash-based name, ingested
    with a progress bar) and remove documents;
  * Văn bản được viện dẫn: every referenced document with its mentions;
  * Tra số liệu: every occurrence of a figure and its footnote links.

Modules, one responsibility each (each imports only those below it):
  * ``serving``: bind address and authentication checks, ``launch`` and ``serve`` (what
    ``tracuu serve`` calls; it refuses to bind a non-loopback address without authentication);
  * ``app``: the page (``build_app``), its look and its events;
  * ``handlers``: the functions behind the page's buttons;
  * ``uploads``: upload limits, PDF by content, hash-based stored names, ingesting one upload;
  * ``pageimage``: the cited PDF page as an image with the quote marked;
  * ``tables``: the rows of the library, references and mentions tables;
  * ``markup``: HTML of answers, citations and figure traces.

The app never contacts the internet: analytics are off and the theme uses local fonts only.
"""

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before any module of the package imports gradio: no phoning home
