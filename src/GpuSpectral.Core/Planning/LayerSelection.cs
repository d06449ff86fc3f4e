using System.Text.RegularExpressions;

namespace GpuSpectral.Core.Planning;

/// <summary>
/// The <c>--layers</c> filter: include/exclude by regular expression on the layer name, by layer type and by
/// layer id. An empty selection keeps every layer. Excludes win over includes.
/// </summary>
public sealed class LayerSelection
{
    private readonly List<Regex> _include = [];
    private readonly List<Regex> _exclude = [];
    private readonly HashSet<LayerType> _includeTypes = [];
    private readonly HashSet<LayerType> _excludeTypes = [];
    private readonly HashSet<int> _includeIds = [];
    private readonly HashSet<int> _excludeIds = [];

    private readonly List<string> _terms = [];

    /// <summary>Keeps every layer.</summary>
    public static LayerSelection All => new();

    /// <summary>The parsed terms as given (trimmed, comma-split), for recording the options of a run.</summary>
    public IReadOnlyList<string> Terms => _terms;

    /// <summary>
    /// Parses filter terms. Each term is <c>[-]VALUE</c>; a leading <c>-</c> excludes. VALUE is a layer type name
    /// (<c>dense</c>, <c>conv2d</c>), an integer layer id, or otherwise a .NET regular expression matched
    /// (unanchored, case-sensitive) against the layer name. Commas also separate terms.
    /// </summary>
    /// <exception cref="ArgumentException">A term is empty or an invalid regular expression.</exception>
    public static LayerSelection Parse(IEnumerable<string> terms)
    {
        var s = new LayerSelection();
        foreach (var raw in terms.SelectMany(t => t.Split(',')))
        {
            var term = raw.Trim();
            s._terms.Add(term);
            var exclude = term.StartsWith('-') && term.Length > 1 && !int.TryParse(term, out _);
            if (exclude)
            {
                term = term[1..];
            }

            if (term.Length == 0)
            {
                throw new ArgumentException("empty --layers term");
            }

            if (int.TryParse(term, System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                // WeightWatcher convention: negative ids exclude.
                (id < 0 ? s._excludeIds : s._includeIds).Add(Math.Abs(id));
            }
            else if (LayerTypeNames.TryParse(term, out var type))
            {
                (exclude ? s._excludeTypes : s._includeTypes).Add(type);
            }
            else
            {
                Regex rx;
                try
                {
                    rx = new Regex(term, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"--layers: '{term}' is not a valid regular expression: {e.Message}", e);
                }

                (exclude ? s._exclude : s._include).Add(rx);
            }
        }

        return s;
    }

    /// <summary>True when no term was given.</summary>
    public bool IsEmpty => _include.Count + _exclude.Count + _includeTypes.Count + _excludeTypes.Count
        + _includeIds.Count + _excludeIds.Count == 0;

    /// <summary>Whether a layer passes the filter.</summary>
    public bool Keeps(int layerId, string name, LayerType type)
    {
        if (_excludeIds.Contains(layerId) || _excludeTypes.Contains(type) || _exclude.Any(r => r.IsMatch(name)))
        {
            return false;
        }

        var anyInclude = _includeIds.Count + _includeTypes.Count + _include.Count > 0;
        if (!anyInclude)
        {
            return true;
        }

        return _includeIds.Contains(layerId) || _includeTypes.Contains(type) || _include.Any(r => r.IsMatch(name));
    }
}
