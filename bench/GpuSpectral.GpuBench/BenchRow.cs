namespace GpuSpectral.GpuBench;

/// <summary>
/// One line of a case's table. <see cref="Time"/> is null when the correctness check failed or the variant could not
/// run: the harness never reports a time for wrong numbers.
/// </summary>
/// <param name="Case">Case name (peaks, gram, …).</param>
/// <param name="Variant">What ran (kernel or vendor routine, precision).</param>
/// <param name="Size">Problem size in words (e.g. "n=4096", "8192×4096").</param>
/// <param name="Time">Median/best seconds, or null.</param>
/// <param name="Rate">Achieved rate (GFLOP/s, GB/s) with the work count it uses, or "—".</param>
/// <param name="OfPeak">Fraction of the measured peak, or a comparison ("3.1× cuSOLVER"), or "—".</param>
/// <param name="Check">What the correctness check compared and its outcome, or why nothing ran.</param>
/// <param name="Passed">True when the check passed (false also when the variant did not run).</param>
internal sealed record BenchRow(
    string Case, string Variant, string Size, BenchTiming? Time, string Rate, string OfPeak, string Check, bool Passed)
{
    /// <summary>A row for a variant that could not run here (no CUDA, library missing …).</summary>
    public static BenchRow Skipped(string @case, string variant, string size, string why) =>
        new(@case, variant, size, null, "—", "—", $"not run: {why}", false);

    /// <summary>True when the variant did not run at all (as opposed to running and failing its check).</summary>
    public bool IsSkipped => Check.StartsWith("not run:", StringComparison.Ordinal);
}
