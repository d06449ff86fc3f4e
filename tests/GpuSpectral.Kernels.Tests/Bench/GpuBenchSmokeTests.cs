using GpuSpectral.GpuBench;

namespace GpuSpectral.Kernels.Tests.Bench;

/// <summary>
/// The GPU benchmark harness end to end on ILGPU's CPU accelerator with --quick: every case runs in-process, produces
/// rows, and every row that ran passed its correctness check (each case compares its device results with a float64
/// reference: LAPACK dsyevd for the eigen-solvers, the host float64 product for Gram, a host decoder written from the
/// format definitions for convert, the CPU PowerLawFitter for KS, the uploaded data for the copy).
/// </summary>
[Collection(KernelAcceleratorGroup.Name)]
public sealed class GpuBenchSmokeTests
{
    [Fact]
    public void Every_case_runs_quick_on_the_cpu_accelerator_and_passes_its_checks()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gpubench-{Guid.NewGuid():N}.md");
        try
        {
            var options = BenchOptions.Parse(["--device", "cpu", "--quick", "--out", path, "--warmup", "0", "--reps", "1"]);
            using var output = new StringWriter();
            var results = BenchRunner.Run(options, "smoke test", output);

            Assert.Equal(BenchOptions.AllCases, results.Keys.ToList());
            foreach (var (name, rows) in results)
            {
                var ran = rows.Where(r => !r.IsSkipped).ToList();
                Assert.NotEmpty(ran);
                foreach (var row in ran)
                {
                    Assert.True(row.Passed, $"{name} / {row.Variant} / {row.Size}: {row.Check}");
                    Assert.NotNull(row.Time);
                }

                // Only the vendor baselines (cuSOLVER, cuBLAS) may be skipped on the CPU accelerator.
                Assert.All(rows.Where(r => r.IsSkipped), r => Assert.Contains("cu", r.Variant, StringComparison.Ordinal));
            }

            var report = File.ReadAllText(path);
            Assert.Contains("--quick", report, StringComparison.Ordinal);
            foreach (var name in BenchOptions.AllCases)
            {
                Assert.Contains($"## {name}", report, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("FAILED", report, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_row_that_fails_its_check_shows_no_time()
    {
        var failed = new BenchRow("dense", "ILGPU dense fp64", "n=8", null, "—", "—", "ref error 1e-3 > 1e-14", false);
        var table = BenchFormat.Table([failed]);
        Assert.Contains("✗ FAILED: ref error 1e-3 > 1e-14 (time withheld)", table, StringComparison.Ordinal);
        Assert.Contains("| ILGPU dense fp64 | n=8 | — | — |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_reject_unknown_cases_and_keep_the_canonical_order()
    {
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["nope"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--device", "tpu"]));
        var options = BenchOptions.Parse(["ks", "peaks", "--quick"]);
        Assert.Equal(["peaks", "ks"], options.Cases);
        Assert.True(options.Quick);
        Assert.Null(options.Device);
    }
}
