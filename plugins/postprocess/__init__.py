from .postprocess import register
