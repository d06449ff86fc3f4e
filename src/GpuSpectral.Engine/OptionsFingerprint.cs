using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GpuSpectral.Core.Planning;

namespace GpuSpectral.Engine;

/// <summary>
/// A canonical text of every option that changes the rows of an analysis, and its hash. Parts of a sharded or
/// resumed run are combined only when their hashes agree.
/// </summary>
public static class OptionsFingerprint
{
    /// <summary>The canonical text: one <c>key=value</c> per line, in a fixed order.</summary>
    public static string Describe(AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ic = CultureInfo.InvariantCulture;
        var p = options.Plan;
        var b = new StringBuilder();
        void Add(string key, object? value) =>
            b.Append(key).Append('=').Append(Convert.ToString(value, ic) ?? "null").Append('\n');
        Add("compat", p.Compat == CompatMode.WeightWatcher ? "ww" : "default");
        Add("min_evals", p.MinEvals);
        Add("max_evals", p.EffectiveMaxEvals);
        Add("max_N", p.EffectiveMaxN);
        Add("conv2d_norm", p.Conv2DNorm);
        Add("pool", p.Pool);
        Add("layers", string.Join(',', p.Selection.Terms));
        Add("split_fused", p.SplitFused);
        Add("split_gates", p.SplitGates);
        Add("tolerance", options.Tolerance.ToString("R", ic));
        Add("xmax", options.XmaxDrop);
        Add("format", options.Format);
        Add("mp_fit", options.MpFit);
        Add("randomize", options.Randomize);
        Add("seed", options.Randomize ? options.Seed : null);
        Add("vectors", options.Vectors);
        Add("detX", options.DetX);
        Add("fit", options.Fit);
        Add("fix_fingers", options.FixFingers);
        Add("finger_thresh", options.FixFingers == FingerFixMode.ClipXmax ? options.FingerThreshold.ToString("R", ic) : null);
        Add("xmin_max", options.XminMax?.ToString("R", ic));
        Add("compare_fits", options.CompareFits);
        return b.ToString();
    }

    /// <summary>SHA-256 of <see cref="Describe"/>, lower-case hex, first 16 characters.</summary>
    public static string Hash(AnalysisOptions options) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Describe(options))))[..16];
}
