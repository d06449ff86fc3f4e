using System.Diagnostics;
using System.Globalization;
using GpuSpectral.Checkpoints.Synth;

namespace GpuSpectral.Bench;

/// <summary>
/// <c>synth OUTDIR [SCALE] [ARCH]</c>: writes a synthetic bf16 checkpoint in-process (default: the full LLaMA-7B
/// shape, 13.5 GB) and reports wall time, bytes, MB/s, bytes allocated on the managed heap, the largest managed
/// heap seen after a GC, and the process's peak working set. The point: memory stays a few blocks, whatever the
/// checkpoint size.
/// </summary>
internal static class SynthBench
{
    public static void Run(string folder, double scale, string arch)
    {
        var ic = CultureInfo.InvariantCulture;
        var options = new SynthOptions
        {
            Architecture = SynthArchitectureNames.Parse(arch), Scale = scale, Overwrite = true,
        };
        long maxHeap = 0;
        var progress = new Progress(p => maxHeap = Math.Max(maxHeap, GC.GetGCMemoryInfo().HeapSizeBytes));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var plan = SynthCheckpointWriter.Write(folder, options, progress);
        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        using var self = Process.GetCurrentProcess();
        Console.WriteLine("| arch | scale | tensors | shards | bytes | wall s | MB/s | managed allocated MB | max managed heap MB | peak working set MB |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(ic,
            $"| {arch} | {scale} | {plan.Tensors.Count} | {plan.Shards.Count} | {plan.TotalFileBytes:N0} | "
            + $"{watch.Elapsed.TotalSeconds:F1} | {plan.TotalFileBytes / 1e6 / watch.Elapsed.TotalSeconds:F0} | "
            + $"{allocated / 1e6:F1} | {maxHeap / 1e6:F1} | {self.PeakWorkingSet64 / 1e6:F0} |"));
    }

    private sealed class Progress(Action<SynthProgress> onReport) : IProgress<SynthProgress>
    {
        public void Report(SynthProgress value) => onReport(value);
    }
}
