from .session import HOST, PORT, LiveSite, MemoryBytecodeCache, record_of, serve_live

__all__ = ["HOST", "PORT", "LiveSite", "MemoryBytecodeCache", "record_of", "serve_live"]
