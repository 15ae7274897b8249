/// The report's stylesheet, inline so the page needs nothing else.
///
/// System fonts only (no web font to fetch); tabular figures so columns of numbers line
/// up; print rules that drop the navigation, keep each chart, table and code block on one
/// page and let long command output wrap instead of being cut at the margin. The CSS has
/// no `<` or `&`, so the page stays well-formed XML.
extension HTMLReport {
  static let style = """
    body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
      color: #222; background: #fff; max-width: 880px; margin: 2rem auto; padding: 0 1rem; }
    h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
    h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem;
      border-bottom: 1px solid #ddd; }
    h3 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
    h4, h5, h6 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
    .provenance { color: #666; font-size: .9rem; margin: 0 0 1rem; }
    nav ol { margin: 0; padding-left: 1.4rem; columns: 2; color: #555; }
    nav a { color: #0b5394; text-decoration: none; }
    figure.chart { margin: 1.5rem 0; }
    figure.chart svg { display: block; max-width: 100%; height: auto;
      border: 1px solid #eee; border-radius: 4px; }
    figcaption { color: #555; font-size: .875rem; margin-top: .35rem; }
    div.table { overflow-x: auto; max-width: 100%; margin: 1rem 0 1.5rem; }
    table { border-collapse: collapse; font-size: .875rem;
      font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding: 0 0 .4rem; }
    th, td { padding: .3rem .65rem; border-bottom: 1px solid #e6e6e6;
      white-space: nowrap; }
    td.wrap { white-space: normal; min-width: 9rem; max-width: 16rem; }
    th { border-bottom: 2px solid #999; font-weight: 600; }
    .l { text-align: left; } .r { text-align: right; }
    td.keyword { font-weight: 600; } td.value { color: #111; }
    .warning { color: #a04a00; } .error { color: #b00020; } .good { color: #1b7a3a; }
    .dimmed { color: #888; } .heading { font-weight: 600; }
    ul.notes { margin: .5rem 0 0; padding-left: 1.2rem; color: #444; font-size: .875rem; }
    code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; }
    p code, li code { font-size: .9em; background: #f2f3f5; padding: 0 .25em;
      border-radius: 3px; }
    pre { background: #f6f8fa; border: 1px solid #e4e7eb; border-radius: 4px;
      padding: .75rem 1rem; overflow-x: auto; font-size: 13px; line-height: 1.45; }
    pre .prompt { color: #0072b2; }
    pre .input { font-weight: 600; }
    pre .failure { color: #b00020; }
    blockquote { margin: 1rem 0; padding: 0 1rem; border-left: 3px solid #ccc;
      color: #444; }
    @page { size: A4; margin: 16mm 14mm; }
    @media print {
      body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
      nav { display: none; }
      h2, h3 { break-after: avoid; }
      figure.chart, div.table, pre { break-inside: avoid; }
      figure.chart svg { border: none; }
      pre { white-space: pre-wrap; overflow-wrap: anywhere; background: none; }
      div.table { overflow: visible; }
      th, td { white-space: normal; }
      a { color: inherit; text-decoration: none; }
    }
    """
}
