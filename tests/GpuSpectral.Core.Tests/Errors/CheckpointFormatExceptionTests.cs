using GpuSpectral.Core.Errors;

namespace GpuSpectral.Core.Tests.Errors;

public sealed class CheckpointFormatExceptionTests
{
    [Fact]
    public void MessageNamesFileTensorOffsetAndReason()
    {
        var e = new CheckpointFormatException("/m/x.safetensors", "shape does not match", "w", 128);
        Assert.Equal("/m/x.safetensors: tensor 'w' (byte offset 128): shape does not match", e.Message);
        Assert.Equal(("w", 128L, "shape does not match"), (e.TensorName, e.Offset!.Value, e.Reason));
    }

    [Fact]
    public void ControlCharactersFromTheFileAreEscapedToKeepOneLine()
    {
        var e = new CheckpointFormatException("f.npz", "member 'a\nb' is bad", "x\r\ty\u0001");
        Assert.Equal(@"f.npz: tensor 'x\r\ty\u0001': member 'a\nb' is bad", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
