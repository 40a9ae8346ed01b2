"""kamlit: mine Chinese research abstracts on key-account marketing."""

__version__ = "0.1.0"
