using System.Text;
using System.Text.Json;
using GpuSpectral.Core.Planning;
using GpuSpectral.Core.Results;

namespace GpuSpectral.Reports.Parts;

/// <summary>
/// Appends results to a JSON-lines file as they are computed: a header line, then one line per row (all rows of a
/// layer in one write, flushed) and one per layer skipped while running. A process killed mid-run leaves every
/// finished layer on disk; <see cref="PartReader"/> drops a torn last line.
/// </summary>
public sealed class PartWriter : IDisposable
{
    private readonly FileStream _file;

    private PartWriter(FileStream file) => _file = file;

    /// <summary>Creates <paramref name="path"/> (it must not exist) and writes the header.</summary>
    /// <exception cref="IOException">The file exists.</exception>
    public static PartWriter Create(string path, PartHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        var w = new PartWriter(file);
        w.WriteLine(PartJson.Header(header));
        return w;
    }

    /// <summary>Opens an existing part for appending after <paramref name="validLength"/> bytes (the end of its
    /// last complete line; a torn tail beyond it is cut off).</summary>
    public static PartWriter Append(string path, long validLength)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        file.SetLength(validLength);
        file.Seek(validLength, SeekOrigin.Begin);
        return new PartWriter(file);
    }

    /// <summary>Writes all rows of one layer (one line each) in one write, and flushes to disk.</summary>
    /// <param name="rows">The layer's rows (one, or one per slice), all with the same layer id.</param>
    /// <param name="planIndex">The layer's position in the plan (orders merged rows).</param>
    public void WriteLayer(IReadOnlyList<LayerResult> rows, int planIndex)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        var columns = ResultColumns.For(rows);
        foreach (var row in rows)
        {
            text.Append(PartJson.Row(row, columns, planIndex, rows.Count)).Append('\n');
        }

        Write(text.ToString());
    }

    /// <summary>Records a layer that was planned but skipped while running (for example non-finite weights).</summary>
    public void WriteSkipped(LayerPlan plan, int planIndex)
    {
        ArgumentNullException.ThrowIfNull(plan);
        WriteLine(PartJson.Skipped(plan, planIndex));
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private void WriteLine(string line) => Write(line + "\n");

    private void Write(string text)
    {
        _file.Write(Encoding.UTF8.GetBytes(text));
        _file.Flush(flushToDisk: true);
    }
}
