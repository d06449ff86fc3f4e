namespace GpuSpectral.Core.Planning;

/// <summary>Which behaviour to follow where WeightWatcher 0.7.5.5 has bugs (weightwatcher-spec.md, DESIGN.md §3).</summary>
public enum CompatMode
{
    /// <summary>
    /// Our default: checkpoint order, no silent size skips, conv N/M reported correctly, failed fits reported as
    /// failed (not as over-trained, not averaged into the summary), conv2d_norm applied exactly in float64,
    /// sv_min is the smallest singular value of the layer.
    /// </summary>
    Default,

    /// <summary>Reproduce WeightWatcher 0.7.5.5 to the letter, bugs included (<c>--compat ww</c>).</summary>
    WeightWatcher,
}
