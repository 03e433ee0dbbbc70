# Sphinx configuration of the sysv.services documentation site (`make docs`).
# The collection pages come from antsibull-docs (tools/build-docs.sh); this
# file is not part of the release tarball.
# pylint: disable=invalid-name

project = 'sysv.services'
copyright = 'sysv.services contributors'  # noqa: A001, pylint: disable=redefined-builtin
title = 'sysv.services documentation'
html_short_title = 'sysv.services'

extensions = ['sphinx_antsibull_ext']

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False
html_theme_options = {
    'display_version': False,
    'vcs_pageview_mode': '',
    'topbar_links': {},         # no links to other sites in the top bar
    'show_extranav': False,
    'show_rtd_ethical_ads': False,
}

# No intersphinx: the build is offline. References to ansible.builtin pages
# are rendered as text.
default_role = 'any'
nitpicky = False
