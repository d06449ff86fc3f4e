using GpuSpectral.Core.Fitting;
using GpuSpectral.Lsa.Diagnostics;
using GpuSpectral.Lsa.Results;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Lsa.Tests.Diagnostics;

public class TailSelectionTests
{
    private static double[] FoldocEvals() =>
        TestNpz.Get(SharedData.Data("foldoc/expected_lsa_spectrum.npz"), "evals");

    [Fact]
    public void Foldoc_reference_spectrum_gives_the_reference_xmin_alpha_D_and_K_119()
    {
        var evals = FoldocEvals();
        Assert.Equal(12006, evals.Length);
        var spectrum = new LsaSpectrum
        {
            Eigenvalues = evals, Exact = true, Method = "reference", Dimension = 12006, Trace = evals.Sum(),
        };
        var tail = TailSelection.Select(spectrum);
        Assert.Equal(FitStatus.Success, tail.Fit.Status);
        Assert.Equal(9.181633085517007, tail.Fit.Xmin);
        Assert.Equal(3.1643592438518926, tail.Fit.Alpha, 1e-10);
        Assert.Equal(0.01678043259454781, tail.Fit.D, 1e-12);
        Assert.Equal(119, tail.K);
        Assert.Equal(119, tail.Fit.NumPlSpikes);
        Assert.False(tail.Partial);
        Assert.Empty(tail.Note);
        Assert.NotNull(tail.Fit.Alphas);
    }

    [Fact]
    public void A_sketch_is_fitted_on_its_computed_values_only_and_says_so()
    {
        var top = FoldocEvals()[^500..];
        var spectrum = new LsaSpectrum
        {
            Eigenvalues = top, Exact = false, Method = "sketch", Dimension = 12006, Trace = 12006,
        };
        var tail = TailSelection.Select(spectrum);
        Assert.True(tail.Partial);
        Assert.Contains("top 500 of 12006", tail.Note, StringComparison.Ordinal);
        Assert.Equal(top.Count(v => v >= tail.Fit.Xmin), tail.K);
    }

    [Fact]
    public void A_failed_fit_gives_K_0_and_a_note()
    {
        var spectrum = new LsaSpectrum
        {
            Eigenvalues = [0, 0, 1e-9], Exact = true, Method = "tiny", Dimension = 3, Trace = 0,
        };
        var tail = TailSelection.Select(spectrum);
        Assert.Equal(0, tail.K);
        Assert.StartsWith("power-law fit failed", tail.Note, StringComparison.Ordinal);
    }
}
