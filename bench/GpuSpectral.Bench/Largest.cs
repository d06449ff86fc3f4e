using System.Globalization;
using GpuSpectral.Checkpoints;

namespace GpuSpectral.Bench;

/// <summary>Prints "NAME SHAPE ELEMENTS F64_BYTES" of the largest tensor of rank ≥ 2 in a checkpoint (from the header).</summary>
internal static class Largest
{
    public static void Run(string path)
    {
        using var reader = CheckpointOpener.Open(path);
        var t = reader.Tensors.Where(x => x.Rank >= 2).MaxBy(x => x.ElementCount)
                ?? throw new InvalidOperationException("no tensor of rank ≥ 2");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{t.Name} {string.Join('x', t.Shape)} {t.ElementCount} {t.ElementCount * 8}"));
    }
}
