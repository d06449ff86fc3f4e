using System.CommandLine;
using GpuSpectral.Checkpoints;
using GpuSpectral.Core.Planning;

namespace GpuSpectral.Cli;

/// <summary>Options shared by <c>analyze</c> and <c>describe</c>: input, format and layer planning.</summary>
internal sealed class CommonOptions
{
    public Argument<string?> Path { get; } = new("path")
    {
        Description = "Checkpoint file (.safetensors, .pt/.bin, .gguf, .onnx, .h5/.keras, model.json, .npy, .npz) "
            + "or sharded folder. Default: the sample model shipped in samples/.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<string?> Format { get; } = new("--format")
    {
        Description = "Force the reader: " + string.Join(" | ", CheckpointOpener.SupportedFormats)
            + " (default: from the folder contents, the extension or the first bytes)",
    };

    public Option<string> Compat { get; } = new("--compat")
    {
        Description = "default: our fixed behaviour; ww: reproduce WeightWatcher 0.7.5.5 exactly, bugs included",
        DefaultValueFactory = _ => "default",
    };

    public Option<string[]> Layers { get; } = new("--layers")
    {
        Description = "Filter layers: regex on the name, a type (dense, conv2d, conv1d, embedding, recurrent) or an "
            + "id; prefix '-' to exclude. "
            + "Repeatable or comma-separated.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<int> MinEvals { get; } = new("--min-evals")
    {
        Description = "Skip layers with fewer eigenvalues than this (M·rf)", DefaultValueFactory = _ => 10,
    };

    public Option<int?> MaxEvals { get; } = new("--max-evals")
    {
        Description = "Skip layers with more eigenvalues than this (default: no limit; 15000 with --compat ww)",
    };

    public Option<int?> MaxN { get; } = new("--max-n")
    {
        Description = "Skip layers with N larger than this (default: no limit; 50000 with --compat ww)",
    };

    public Option<bool> NoConv2DNorm { get; } = new("--no-conv2d-norm")
    {
        Description = "Do not scale Conv2D matrices by sqrt(1/2) (WeightWatcher's conv2d_norm=False)",
    };

    public Option<bool> Pool { get; } = new("--pool")
    {
        Description = "Pool the eigenvalues of all kh·kw Conv2D slices into one ESD (true, default); "
            + "--pool false gives one row per slice with a slice_id column",
        DefaultValueFactory = _ => true,
    };

    public Option<bool> SplitFused { get; } = new("--split-fused")
    {
        Description = "Analyse fused attention projections (c_attn, qkv_proj, qkv, Wqkv, in_proj_weight, "
            + "query_key_value) as separate Q, K, V layers (head counts from config.json when needed)",
    };

    public Option<bool> SplitGates { get; } = new("--split-gates")
    {
        Description = "Analyse each gate block of LSTM/GRU weights as its own layer",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print stack traces of errors",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Path);
        foreach (var o in new Option[]
                 {
                     Format, Compat, Layers, MinEvals, MaxEvals, MaxN, NoConv2DNorm, Pool, SplitFused, SplitGates, Verbose,
                 })
        {
            command.Options.Add(o);
        }

        Format.AcceptOnlyFromAmong([.. CheckpointOpener.SupportedFormats]);
        Compat.AcceptOnlyFromAmong("default", "ww");
    }

    public PlanOptions ToPlanOptions(ParseResult r) => new()
    {
        Compat = r.GetValue(Compat) == "ww" ? CompatMode.WeightWatcher : CompatMode.Default,
        MinEvals = r.GetValue(MinEvals),
        MaxEvals = r.GetValue(MaxEvals),
        MaxN = r.GetValue(MaxN),
        Conv2DNorm = !r.GetValue(NoConv2DNorm),
        // Commands that do not offer --pool (compare) always pool.
        Pool = r.GetResult(Pool) is null || r.GetValue(Pool),
        Selection = LayerSelection.Parse(r.GetValue(Layers) ?? []),
        SplitFused = r.GetValue(SplitFused),
        SplitGates = r.GetValue(SplitGates),
    };

    /// <summary>The input path, or the shipped sample when none is given.</summary>
    public string ResolvePath(ParseResult r) => r.GetValue(Path) ?? DefaultSample.PathOrThrow();
}
