using GpuSpectral.Core.Fitting.Fingers;
using GpuSpectral.Core.Planning;

namespace GpuSpectral.Engine;

/// <summary>Everything that changes the numbers of an analysis.</summary>
public sealed record AnalysisOptions
{
    /// <summary>Which layers, in which order, with which filters.</summary>
    public PlanOptions Plan { get; init; } = new();

    /// <summary>Bug-compatibility mode (shortcut to <see cref="PlanOptions.Compat"/>).</summary>
    public CompatMode Compat => Plan.Compat;

    /// <summary>Threshold of <c>weak_rank_loss</c> (WeightWatcher's <c>tolerance</c>, default 1e-6).</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>WeightWatcher's integer <c>xmax</c>: drop this many of the largest eigenvalues before fitting.</summary>
    public int? XmaxDrop { get; init; }

    /// <summary>Forced reader format (<c>safetensors</c>, <c>npy</c>, <c>npz</c>), or null to pick from the path.</summary>
    public string? Format { get; init; }

    /// <summary>Write the Marchenko–Pastur fit columns (<c>--mp-fit</c>, weightwatcher-spec.md §b.5). The fit itself
    /// always runs, because the phase of training needs it.</summary>
    public bool MpFit { get; init; }

    /// <summary>Shuffle each matrix and analyse the randomized spectrum (<c>--randomize</c>, §b.6).</summary>
    public bool Randomize { get; init; }

    /// <summary>Seed of the element shuffles of <see cref="Randomize"/> (recorded in the output).</summary>
    public int Seed { get; init; }

    /// <summary>Eigenvector localization metrics (<c>--vectors</c>, §b.7).</summary>
    public bool Vectors { get; init; }

    /// <summary>The detX tail (<c>--detx</c>, §b.9).</summary>
    public bool DetX { get; init; }

    /// <summary>Keep each fit's D-versus-xmin landscape (for plots). Does not change any number.</summary>
    public bool KeepLandscape { get; init; }

    /// <summary>The tail distribution (<c>--fit pl|tpl|e-tpl</c>).</summary>
    public FitKind Fit { get; init; } = FitKind.PowerLaw;

    /// <summary>Finger fix of the power-law fit (<c>--fix-fingers</c>).</summary>
    public FingerFixMode FixFingers { get; init; } = FingerFixMode.None;

    /// <summary>clip_xmax's <c>finger_thresh</c> (alpha units, default 1.0).</summary>
    public double FingerThreshold { get; init; } = FingerFix.DefaultFingerThreshold;

    /// <summary>Largest allowed xmin (<c>--xmin-max</c>, eigenvalue units), or null for no bound.</summary>
    public double? XminMax { get; init; }

    /// <summary>Likelihood-ratio tests of the power law against lognormal, exponential and truncated power law
    /// (<c>--compare-fits</c>).</summary>
    public bool CompareFits { get; init; }
}
