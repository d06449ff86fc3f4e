namespace GpuSpectral.Compute.Tests;

public class EigenBackendsTests
{
    [Fact]
    public void Explicit_kinds_create_the_named_backend()
    {
        Assert.Equal("lapack", EigenBackends.Create(EigenBackendKind.Lapack, warn: null).Name);
        Assert.Equal("managed", EigenBackends.Create(EigenBackendKind.Managed, warn: null).Name);
    }

    [Fact]
    public void Auto_picks_lapack_without_warning_when_it_loads()
    {
        var value = Environment.GetEnvironmentVariable(EigenBackends.EnvironmentVariable);
        var expected = EigenBackends.FromEnvironment(value) == EigenBackendKind.Managed ? "managed" : "lapack";
        var warnings = new List<string>();
        Assert.Equal(expected, EigenBackends.Create(EigenBackendKind.Auto, warnings.Add).Name);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("lapack", EigenBackendKind.Lapack)]
    [InlineData("CPU", EigenBackendKind.Lapack)]
    [InlineData(" managed ", EigenBackendKind.Managed)]
    [InlineData("cuda", EigenBackendKind.Auto)]
    [InlineData("", EigenBackendKind.Auto)]
    [InlineData(null, EigenBackendKind.Auto)]
    public void Environment_values_map_to_kinds(string? value, EigenBackendKind kind)
    {
        Assert.Equal(kind, EigenBackends.FromEnvironment(value));
    }

    [Fact]
    public void Undefined_kind_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EigenBackends.Create((EigenBackendKind)42, null));
    }

    [Fact]
    public void Describe_has_one_line_per_backend()
    {
        var lines = EigenBackends.Describe().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("lapack: available — ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("managed: available — ", lines[1], StringComparison.Ordinal);
    }
}
