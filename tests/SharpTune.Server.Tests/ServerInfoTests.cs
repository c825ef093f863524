using SharpTune.Server;

namespace SharpTune.Server.Tests;

public sealed class ServerInfoTests
{
    [Fact]
    public void Servers_bind_to_loopback_by_default() => Assert.Equal("127.0.0.1", ServerInfo.DefaultHost);
}
