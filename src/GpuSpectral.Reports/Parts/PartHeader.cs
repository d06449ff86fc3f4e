namespace GpuSpectral.Reports.Parts;

/// <summary>
/// First line of a JSON-lines results file (<c>--out x.jsonl</c>): what was analysed, with which options, and
/// which layers the whole run plans, so that <c>merge</c> can check that parts fit together.
/// </summary>
public sealed record PartHeader
{
    /// <summary>Tool version that wrote the part.</summary>
    public required string Version { get; init; }

    /// <summary>The checkpoint path as given.</summary>
    public required string Path { get; init; }

    /// <summary><see cref="GpuSpectral.Engine.OptionsFingerprint.Hash"/> of the options.</summary>
    public required string OptionsHash { get; init; }

    /// <summary>The options as canonical <c>key=value</c> lines.</summary>
    public required string Options { get; init; }

    /// <summary>The shard (<c>i/N</c>), or empty for a whole run.</summary>
    public required string Shard { get; init; }

    /// <summary>Layer ids of every analysed plan of the whole run, in plan order.</summary>
    public required IReadOnlyList<int> Planned { get; init; }
}
