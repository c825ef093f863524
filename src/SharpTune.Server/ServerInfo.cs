namespace SharpTune.Server;

/// <summary>Facts about the server assembly shared by its parts (the API, experiments and arena hosts).</summary>
public static class ServerInfo
{
    /// <summary>The default address every SharpTune server binds to: loopback only, unless the user says otherwise.</summary>
    public const string DefaultHost = "127.0.0.1";
}
