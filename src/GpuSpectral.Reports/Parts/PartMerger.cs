using System.Globalization;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Reports.Parts;

/// <summary>The merged table of several parts.</summary>
/// <param name="Header">The first part's header (all agree on options and plan).</param>
/// <param name="Columns">Every column present in any row, in canonical output order.</param>
/// <param name="Rows">Rows in plan order (slices in order).</param>
/// <param name="Skips">Layers skipped while running, in plan order.</param>
public sealed record MergedTable(
    PartHeader Header, IReadOnlyList<string> Columns, IReadOnlyList<PartRow> Rows, IReadOnlyList<PartSkip> Skips)
{
    /// <summary>The value of <paramref name="column"/> in <paramref name="row"/> (empty when absent).</summary>
    public static Cell CellOf(PartRow row, string column)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var kv in row.Cells)
        {
            if (kv.Key == column)
            {
                return kv.Value;
            }
        }

        return new Cell(null, null, null, null);
    }

    /// <summary>The summary recomputed from the merged rows.</summary>
    public AnalysisSummary Summary() => AnalysisSummary.FromTable(
        name => Columns.Contains(name) ? Rows.Select(r => CellJson.Number(CellOf(r, name))) : Rows.Select(_ => (double?)null),
        Rows.Select(r => CellOf(r, "warning").Text),
        Rows.Select(r => CellOf(r, "phase").Text));
}

/// <summary>
/// Combines the parts of a sharded (or resumed) run after checking that they belong together: the same options
/// hash and the same plan, and every planned layer in exactly one part.
/// </summary>
public static class PartMerger
{
    /// <summary>Merges <paramref name="parts"/>.</summary>
    /// <exception cref="InvalidDataException">The parts disagree, overlap, or leave layers out; the message names
    /// the files and layers.</exception>
    public static MergedTable Merge(IReadOnlyList<PartContent> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new InvalidDataException("merge: no parts given");
        }

        var first = parts[0];
        foreach (var p in parts.Skip(1))
        {
            if (p.Header.OptionsHash != first.Header.OptionsHash)
            {
                throw new InvalidDataException(
                    $"merge: {p.Path} was made with other options than {first.Path} (options hash " +
                    $"{p.Header.OptionsHash} vs {first.Header.OptionsHash}): {Difference(first.Header.Options, p.Header.Options)}");
            }

            if (!p.Header.Planned.SequenceEqual(first.Header.Planned))
            {
                throw new InvalidDataException(
                    $"merge: {p.Path} and {first.Path} plan different layers (different checkpoints or versions?)");
            }
        }

        var owner = new Dictionary<int, string>();
        foreach (var p in parts)
        {
            foreach (var id in p.DoneLayers)
            {
                if (owner.TryGetValue(id, out var other))
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"merge: layer {id} is in both {other} and {p.Path}"));
                }

                owner[id] = p.Path;
            }
        }

        var planned = first.Header.Planned;
        var missing = planned.Where(id => !owner.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            var ids = string.Join(", ", missing.Take(10)) + (missing.Count > 10 ? ", …" : string.Empty);
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"merge: {missing.Count} of {planned.Count} planned layers are in no part (layer ids {ids}); is a shard missing or unfinished? (run it again with --resume)"));
        }

        var extra = owner.Keys.Except(planned).ToList();
        if (extra.Count > 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"merge: layers {string.Join(", ", extra.Take(10))} are not in the plan"));
        }

        var rows = parts.SelectMany(p => p.Rows).OrderBy(r => r.PlanIndex).ThenBy(r => r.SliceId ?? -1).ToList();
        var present = new HashSet<string>(rows.SelectMany(r => r.Cells.Select(c => c.Key)), StringComparer.Ordinal);
        var columns = ResultColumns.CanonicalNames.Where(present.Contains)
            .Concat(present.Where(c => !ResultColumns.CanonicalNames.Contains(c)).Order(StringComparer.Ordinal))
            .ToList();
        var skips = parts.SelectMany(p => p.Skips).OrderBy(s => s.PlanIndex).ToList();
        return new MergedTable(first.Header, columns, rows, skips);
    }

    private static string Difference(string a, string b)
    {
        var left = a.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var right = b.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var diff = left.Except(right).Zip(right.Except(left), (x, y) => $"{x} vs {y}");
        return string.Join("; ", diff);
    }
}
