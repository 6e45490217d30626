"""Reading inputs: files, folders, globs of text, HTML, JSON Lines and WARC."""
