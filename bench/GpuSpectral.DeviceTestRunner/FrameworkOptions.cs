using Xunit.Abstractions;

namespace GpuSpectral.DeviceTestRunner;

/// <summary>xunit's discovery/execution option bag: a plain dictionary (unset options read as their default).</summary>
internal sealed class FrameworkOptions : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
{
    private readonly Dictionary<string, object?> values = [];

    public TValue GetValue<TValue>(string name) =>
        values.TryGetValue(name, out var v) && v is TValue typed ? typed : default!;

    public void SetValue<TValue>(string name, TValue value) => values[name] = value;
}
