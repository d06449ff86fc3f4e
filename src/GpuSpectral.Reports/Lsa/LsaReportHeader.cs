namespace GpuSpectral.Reports.Lsa;

/// <summary>The header of an LSA report: who wrote it, from what, with which options.</summary>
/// <param name="ToolVersion">Version of the tool that wrote the report.</param>
/// <param name="InputPath">The input (corpus file or folder) as the user gave it.</param>
/// <param name="Options">The options of the run, name → value as text (written in the caller's order).</param>
public sealed record LsaReportHeader(string ToolVersion, string InputPath, IReadOnlyDictionary<string, string> Options);
