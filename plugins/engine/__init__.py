"""The build's machinery, apart from the features: converting content files on every
core with their cache (conversion), the writer that queues pages (writer), the render
pass with its fork pool (render_pass), the render cache (render_cache), theme
assets (assets) and theme fragments rendered once and reused (fragments). A library,
like site_core: it registers nothing; the front_matter and postprocess plugins connect
it to Pelican's signals.
"""

from .assets import AssetsUsed, asset_url, assets_used, built_asset
from .conversion import analysis_of
from .fragments import memo_fragment_for
from .output import (
    COMPRESSIBLE,
    DEFAULTS,
    MIN_COMPRESS_BYTES,
    compressed_copies,
    finish_file,
    precompress_folder,
    settings_for,
    write_if_changed,
)
from .render_cache import (
    dependency_record,
    keep_compiled_templates,
    settings_digest,
    sources_of,
)
from .render_pass import MIN_JOBS_TO_FORK, Document, Pass, postprocess_html
from .writer import MemberList, RenderJob, SiteWriter, index_term_lists, localcontext_for
