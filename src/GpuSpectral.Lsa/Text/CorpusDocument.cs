namespace GpuSpectral.Lsa.Text;

/// <summary>One document of a text corpus.</summary>
/// <param name="Id">The document id (the TSV id or the file name).</param>
/// <param name="Text">The raw text.</param>
public readonly record struct CorpusDocument(string Id, string Text);
