"""Generated reports live in the private storage (portal.storage), served only by the board's view; the
name stays for the app's first migrations."""

from portal.storage import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "private_storage"]
