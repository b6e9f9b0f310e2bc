"""Publishing: views with privacy applied once (views, site_views), the sandboxed templates
(render, sandbox), minutes, reports, the site, exports, output formats and safe output targets."""
