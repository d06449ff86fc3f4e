using System.Globalization;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Reports.Html;

/// <summary>Counts shown in the report summary.</summary>
/// <param name="Warnings">Rows per non-empty warning value, ordinal order of the value.</param>
/// <param name="Phases">Rows per non-empty phase value, ordinal order of the value.</param>
/// <param name="CorrelationTraps">Rows flagged with a correlation trap.</param>
public sealed record HtmlReportCounts(
    IReadOnlyList<KeyValuePair<string, int>> Warnings,
    IReadOnlyList<KeyValuePair<string, int>> Phases,
    int CorrelationTraps);

/// <summary>Builds the table rows and summary items of <see cref="HtmlReportModel"/> from results and columns.</summary>
public static class HtmlReportRows
{
    /// <summary>Column holding the warning text.</summary>
    public const string WarningColumn = "warning";

    /// <summary>Column holding the training phase text (e.g. <c>heavy-tailed</c>).</summary>
    public const string PhaseColumn = "phase";

    /// <summary>Boolean column flagging a correlation trap.</summary>
    public const string TrapColumn = "correlation_trap";

    /// <summary>Column of randomized-ESD spikes (WeightWatcher: &gt; 0 flags a correlation trap, spec §b.6).</summary>
    public const string RandSpikesColumn = "rand_num_spikes";

    /// <summary>Column holding the slice id of per-slice rows.</summary>
    public const string SliceColumn = "slice_id";

    /// <summary>
    /// One row per result with the cells of <paramref name="columns"/> (pass <see cref="ResultColumns.All"/>, or a
    /// longer list, so new columns appear automatically); flags as in <see cref="FromCells"/>.
    /// </summary>
    public static IReadOnlyList<HtmlReportRow> From(IReadOnlyList<LayerResult> results,
        IReadOnlyList<(string Name, Func<LayerResult, Cell> Get)> columns)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(columns);
        var names = columns.Select(c => c.Name).ToArray();
        return results.Select(r => FromCells(r.LayerId, names, columns.Select(c => c.Get(r)).ToArray())).ToArray();
    }

    /// <summary>
    /// A row from its cells, reading the flags from the columns by name: <see cref="WarningColumn"/> (text),
    /// <see cref="PhaseColumn"/> (text), a trap when <see cref="TrapColumn"/> is true or
    /// <see cref="RandSpikesColumn"/> is a number &gt; 0, and the slice id from <see cref="SliceColumn"/> (integer).
    /// Missing columns leave the flag unset.
    /// </summary>
    /// <exception cref="ArgumentException">The cell count differs from the column count.</exception>
    public static HtmlReportRow FromCells(int layerId, IReadOnlyList<string> columns, IReadOnlyList<Cell> cells)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(cells);
        if (columns.Count != cells.Count)
        {
            throw new ArgumentException($"{columns.Count} columns but {cells.Count} cells.", nameof(cells));
        }

        Cell? Get(string name)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i] == name)
                {
                    return cells[i];
                }
            }

            return null;
        }

        var trap = Get(TrapColumn) is { Flag: true }
            || Get(RandSpikesColumn) is { } rs && (rs.Number > 0 || rs.Integer > 0);
        return new HtmlReportRow
        {
            LayerId = layerId,
            SliceId = Get(SliceColumn) is { Integer: long s } ? (int)s : null,
            Cells = cells,
            Warning = Get(WarningColumn)?.Text ?? string.Empty,
            Phase = Get(PhaseColumn)?.Text ?? string.Empty,
            CorrelationTrap = trap,
        };
    }

    /// <summary>The summary as (name, value) items, values with 6 significant digits ("NaN" when missing).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Summary(AnalysisSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Items()
            .Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value.ToString("G6", CultureInfo.InvariantCulture)))
            .ToArray();
    }

    /// <summary>Counts warnings, phases and correlation traps over <paramref name="rows"/>.</summary>
    public static HtmlReportCounts Count(IReadOnlyList<HtmlReportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        static IReadOnlyList<KeyValuePair<string, int>> By(IEnumerable<string> values) =>
            values.Where(v => v.Length > 0).GroupBy(v => v, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, int>(g.Key, g.Count())).ToArray();
        return new HtmlReportCounts(By(rows.Select(r => r.Warning)), By(rows.Select(r => r.Phase)),
            rows.Count(r => r.CorrelationTrap));
    }
}
