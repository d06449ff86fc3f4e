namespace GpuSpectral.Reports.Html;

/// <summary>One embedded image: a caption and PNG bytes (written as a base64 <c>data:</c> URI).</summary>
/// <param name="Caption">Caption and alt text (untrusted; escaped).</param>
/// <param name="Png">PNG bytes (not checked; an empty array gives an empty image).</param>
public sealed record HtmlImage(string Caption, byte[] Png);

/// <summary>The plots section of one layer (or slice); rows with the same id and slice link to it.</summary>
/// <param name="LayerId">The layer id.</param>
/// <param name="SliceId">The slice id of a per-slice row, or null.</param>
/// <param name="Title">Section heading, e.g. the layer name (untrusted; escaped).</param>
/// <param name="Images">The layer's plots, in display order.</param>
public sealed record HtmlLayerPlots(int LayerId, int? SliceId, string Title, IReadOnlyList<HtmlImage> Images);

/// <summary>One table row: the cells of <see cref="HtmlReportModel.Columns"/> in order, and the highlight flags.</summary>
public sealed record HtmlReportRow
{
    /// <summary>The layer id (links the row to its plots section).</summary>
    public required int LayerId { get; init; }

    /// <summary>The slice id of a per-slice row, or null.</summary>
    public int? SliceId { get; init; }

    /// <summary>One cell per column of <see cref="HtmlReportModel.Columns"/>, in the same order.</summary>
    public required IReadOnlyList<Cell> Cells { get; init; }

    /// <summary>WeightWatcher's warning (e.g. <c>over-trained</c>); non-empty highlights the row and adds the class
    /// <c>warning-{value}</c>.</summary>
    public string Warning { get; init; } = string.Empty;

    /// <summary>The training phase (e.g. <c>heavy-tailed</c>); non-empty adds the class <c>phase-{value}</c>.</summary>
    public string Phase { get; init; } = string.Empty;

    /// <summary>Whether the layer has a correlation trap (randomized ESD with spikes); adds the class <c>trap</c>.</summary>
    public bool CorrelationTrap { get; init; }
}

/// <summary>Everything the self-contained HTML report shows. Every string is untrusted text and is escaped.</summary>
public sealed record HtmlReportModel
{
    /// <summary>Page title and heading.</summary>
    public required string Title { get; init; }

    /// <summary>The analysed checkpoint path, as given.</summary>
    public string SourcePath { get; init; } = string.Empty;

    /// <summary>Backend and options, free text (shown preformatted).</summary>
    public string OptionsText { get; init; } = string.Empty;

    /// <summary>Summary items (name, formatted value), in display order; the writer adds the warning, phase and
    /// correlation-trap counts after them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Summary { get; init; } = [];

    /// <summary>Column names, in table order (e.g. those of <see cref="ResultColumns.All"/>; any list works).</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Table rows; each has one cell per column.</summary>
    public required IReadOnlyList<HtmlReportRow> Rows { get; init; }

    /// <summary>Per-model images (e.g. alpha by layer), shown above the table.</summary>
    public IReadOnlyList<HtmlImage> ModelImages { get; init; } = [];

    /// <summary>Per-layer plot sections, in display order.</summary>
    public IReadOnlyList<HtmlLayerPlots> LayerPlots { get; init; } = [];
}
