using System.Text.Json;
using GpuSpectral.Core.Fitting;
using GpuSpectral.Lsa.Results;

namespace GpuSpectral.Reports.Lsa;

/// <summary>Options of <see cref="LsaJsonWriter"/>.</summary>
public sealed record LsaJsonOptions
{
    /// <summary>Write every eigenvalue (ascending) under <c>spectrum.eigenvalues</c>; when false it is null. Default true.</summary>
    public bool IncludeEigenvalues { get; init; } = true;

    /// <summary>Write the fit landscape (xmins, alphas, Ds, sigmas) when the fit kept it; when false it is null.
    /// Default true.</summary>
    public bool IncludeLandscape { get; init; } = true;
}

/// <summary>
/// JSON output of an LSA run: one document with the header (tool, version, input, options), the corpus shape, the
/// spectrum, the power-law fit, the three Ks side by side, the fit landscape, the localization ratios, the explained
/// variance and the seconds per stage. Floats are written in shortest round-trip form; NaN is <c>null</c>;
/// ±infinity is the string <c>"Infinity"</c>/<c>"-Infinity"</c> (as <see cref="JsonReportWriter"/>).
/// </summary>
public static class LsaJsonWriter
{
    /// <summary>Writes the report to <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination (left open).</param>
    /// <param name="result">The LSA result.</param>
    /// <param name="header">Tool version, input and options of the run.</param>
    /// <param name="options">What optional arrays to write; null for the defaults (all).</param>
    public static void Write(Stream stream, LsaResult result, LsaReportHeader header, LsaJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(header);
        var o = options ?? new LsaJsonOptions();
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("tool", "gpuspectral");
        w.WriteString("command", "lsa");
        w.WriteString("version", header.ToolVersion);
        w.WriteString("input", header.InputPath);
        w.WriteStartObject("options");
        foreach (var (k, v) in header.Options)
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();

        w.WriteStartObject("shape");
        w.WriteNumber("n_docs", result.Shape.Documents);
        w.WriteNumber("n_terms", result.Shape.Terms);
        w.WriteNumber("nnz", result.Shape.NonZeros);
        w.WriteNumber("empty_docs", result.Shape.EmptyDocuments);
        w.WriteEndObject();

        var s = result.Spectrum;
        w.WriteStartObject("spectrum");
        w.WriteBoolean("exact", s.Exact);
        w.WriteString("method", s.Method);
        w.WriteNumber("dimension", s.Dimension);
        WriteDouble(w, "trace", s.Trace);
        w.WriteNumber("eigenvalue_count", s.Eigenvalues.Length);
        w.WriteBoolean("eigenvalues_included", o.IncludeEigenvalues);
        WriteArray(w, "eigenvalues", o.IncludeEigenvalues ? s.Eigenvalues : null);
        w.WriteEndObject();

        WriteFit(w, result.Fit);

        w.WriteStartObject("k");
        w.WriteNumber("power_law", result.KPowerLaw);
        w.WriteNumber("localization", result.KLocalization);
        w.WriteNumber("explained_variance", result.KExplainedVariance);
        w.WriteEndObject();

        var f = result.Fit;
        if (o.IncludeLandscape && f.Xmins is not null)
        {
            w.WriteStartObject("landscape");
            w.WriteNumber("candidate_index", f.CandidateIndex);
            WriteArray(w, "xmins", f.Xmins);
            WriteArray(w, "alphas", f.Alphas);
            WriteArray(w, "ds", f.Ds);
            WriteArray(w, "sigmas", f.Sigmas);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("landscape");
        }

        WriteArray(w, "localization_ratios", result.LocalizationRatios);
        WriteArray(w, "explained_variance", result.ExplainedVariance);
        w.WriteStartObject("seconds");
        foreach (var (stage, sec) in result.Seconds)
        {
            WriteDouble(w, stage, sec);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes the report to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Destination file; its folder must exist.</param>
    /// <param name="result">The LSA result.</param>
    /// <param name="header">Tool version, input and options of the run.</param>
    /// <param name="options">What optional arrays to write; null for the defaults (all).</param>
    public static void WriteFile(string path, LsaResult result, LsaReportHeader header, LsaJsonOptions? options = null) =>
        AtomicFile.Write(path, s => Write(s, result, header, options));

    private static void WriteFit(Utf8JsonWriter w, PowerLawFit f)
    {
        w.WriteStartObject("fit");
        w.WriteString("status", f.Status == FitStatus.Success ? "success" : "failed");
        if (f.FailureReason is null)
        {
            w.WriteNull("failure_reason");
        }
        else
        {
            w.WriteString("failure_reason", f.FailureReason);
        }

        WriteDouble(w, "xmin", f.Xmin);
        WriteDouble(w, "xmax", f.Xmax);
        WriteDouble(w, "alpha", f.Alpha);
        WriteDouble(w, "D", f.D);
        WriteDouble(w, "sigma", f.Sigma);
        w.WriteNumber("num_pl_spikes", f.NumPlSpikes);
        w.WriteNumber("num_in_tail", f.TailCount);
        w.WriteNumber("num_fitted", f.FittedCount);
        w.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter w, string name, double[]? values)
    {
        if (values is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartArray(name);
        foreach (var v in values)
        {
            WriteDoubleValue(w, v);
        }

        w.WriteEndArray();
    }

    private static void WriteDouble(Utf8JsonWriter w, string name, double v)
    {
        w.WritePropertyName(name);
        WriteDoubleValue(w, v);
    }

    private static void WriteDoubleValue(Utf8JsonWriter w, double v)
    {
        if (double.IsNaN(v))
        {
            w.WriteNullValue();
        }
        else if (double.IsInfinity(v))
        {
            w.WriteStringValue(v > 0 ? "Infinity" : "-Infinity");
        }
        else
        {
            w.WriteNumberValue(v);
        }
    }
}
