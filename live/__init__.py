from .session import HOST, PORT, LiveSite, MemoryBytecodeCache, serve_live, sources_shown

__all__ = ["HOST", "PORT", "LiveSite", "MemoryBytecodeCache", "serve_live", "sources_shown"]
