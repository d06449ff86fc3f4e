using System.Globalization;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <summary>
/// Finds the tensors in an unpickled object and names them. A dict that holds a <c>state_dict</c> (or else a
/// <c>model</c>) dict with tensors is unwrapped without a prefix (Lightning and training checkpoints); otherwise every
/// tensor is named by its key path, joined with dots (<c>outer.inner</c>), lists and tuples by index. Non-tensor
/// leaves are ignored. The walk is depth-capped, cycle-safe and has a node budget (billion-laughs DAGs).
/// </summary>
internal static class StateDictWalker
{
    /// <summary>Most nodes visited (each visit of a shared node counts).</summary>
    public const long MaxNodes = 2_000_000;

    private static readonly string[] Wrappers = ["state_dict", "model"];

    /// <summary>(name, tensor) pairs in pickle (insertion) order. Names are unique.</summary>
    /// <exception cref="CheckpointFormatException">Cycles, too deep, too many nodes, or duplicate names.</exception>
    public static List<(string Name, PyTensor Tensor)> Collect(PyValue root, string path, string what)
    {
        for (var unwrap = 0; unwrap < PickleMachine.MaxDepth && root is PyDict d; unwrap++)
        {
            var budget = new long[] { MaxNodes };
            var inner = Wrappers.Select(d.Get).FirstOrDefault(v => v is PyDict && HasTensor(v, 0, budget));
            if (inner is null)
            {
                break;
            }

            root = inner;
        }

        var state = new WalkState(path, what);
        if (root is PyTensor or PyDict or PyList or PyTuple)
        {
            Walk(root, [], state);
        }

        return state.Result;
    }

    /// <summary>True when <paramref name="v"/> holds a tensor; gives up (false) past the depth or node budget.</summary>
    private static bool HasTensor(PyValue v, int depth, long[] budget) =>
        depth <= PickleMachine.MaxDepth && --budget[0] >= 0 && v switch
        {
            PyTensor => true,
            PyDict d => d.Items.Any(kv => HasTensor(kv.Value, depth + 1, budget)),
            PyList l => l.Items.Any(x => HasTensor(x, depth + 1, budget)),
            PyTuple t => t.Items.Any(x => HasTensor(x, depth + 1, budget)),
            _ => false,
        };

    private sealed class WalkState(string path, string what)
    {
        public List<(string, PyTensor)> Result { get; } = [];

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public HashSet<PyValue> OnPath { get; } = new(ReferenceEqualityComparer.Instance);

        public long Nodes { get; set; }

        public CheckpointFormatException Fail(string reason) => new(path, $"{what}: {reason}");
    }

    private static void Walk(PyValue v, List<string> path, WalkState s)
    {
        if (++s.Nodes > MaxNodes)
        {
            throw s.Fail($"object tree has more than {MaxNodes} nodes (shared sub-objects fan out too much)");
        }

        if (path.Count > PickleMachine.MaxDepth)
        {
            throw s.Fail($"object tree is nested deeper than {PickleMachine.MaxDepth}");
        }

        if (v is PyTensor t)
        {
            var name = path.Count == 0 ? "tensor" : string.Join('.', path);
            if (!s.Names.Add(name))
            {
                throw s.Fail($"two tensors are both named '{PickleMachine.Printable(name)}'");
            }

            s.Result.Add((name, t));
            return;
        }

        if (!s.OnPath.Add(v))
        {
            throw s.Fail("object tree contains itself (self-referencing container)");
        }

        switch (v)
        {
            case PyDict d:
                foreach (var (key, child) in d.Items)
                {
                    Child(child, KeyText(key), path, s);
                }

                break;
            case PyList l:
                for (var i = 0; i < l.Items.Count; i++)
                {
                    Child(l.Items[i], i, path, s);
                }

                break;
            case PyTuple tuple:
                for (var i = 0; i < tuple.Items.Length; i++)
                {
                    Child(tuple.Items[i], i, path, s);
                }

                break;
        }

        s.OnPath.Remove(v);
    }

    private static void Child(PyValue child, object key, List<string> path, WalkState s)
    {
        if (child is not (PyTensor or PyDict or PyList or PyTuple))
        {
            return;
        }

        path.Add(key as string ?? ((int)key).ToString(CultureInfo.InvariantCulture));
        Walk(child, path, s);
        path.RemoveAt(path.Count - 1);
    }

    private static string KeyText(PyValue key) => key switch
    {
        PyStr s => s.Value,
        PyInt i => i.Value.ToString(CultureInfo.InvariantCulture),
        PyBool b => b.Value ? "True" : "False",
        PyFloat f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        PyNone => "None",
        _ => key.TypeName,
    };
}
