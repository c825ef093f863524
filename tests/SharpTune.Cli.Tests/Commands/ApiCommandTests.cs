using System.Diagnostics;
using System.Text.Json.Nodes;
using SharpTune.Core.Native;

namespace SharpTune.Cli.Tests.Commands;

/// <summary>`sharptune api` as a real process: it prints its address, answers, and stops cleanly on SIGTERM.</summary>
[Collection("cli")]
public sealed class ApiCommandTests
{
    static readonly string Stories = Path.Combine(CliRunner.RepoRoot, "examples", "models", "stories260K");

    [Fact]
    public async Task The_server_prints_its_address_answers_a_chat_and_exits_cleanly_on_sigterm()
    {
        if (!OperatingSystem.IsLinux()) return;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "sharptune.dll"), "api", "--model_name_or_path", Stories, "--template", "alpaca",
                                  "--port", "0", "--api_key", "k1", "--json" })
            psi.ArgumentList.Add(a);
        psi.Environment[MallocPreload.SettingVariable] = "system";                              // one process, so SIGTERM reaches the server
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        try
        {
            string line = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException(await err);
            var address = new Uri(JsonNode.Parse(line)!["address"]!.GetValue<string>());
            Assert.Equal("127.0.0.1", address.Host);
            using var http = new HttpClient { BaseAddress = address };
            http.DefaultRequestHeaders.Authorization = new("Bearer", "k1");
            var reply = await http.PostAsync("/v1/chat/completions", new StringContent(
                """{"model": "stories260K", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(200, (int)reply.StatusCode);
            Assert.Equal(4, JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["usage"]!["completion_tokens"]!.GetValue<int>());
            using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(p.ExitCode == 0, await err);
        }
        finally { if (!p.HasExited) p.Kill(); }
    }

    [Theory]
    [InlineData("--adapters", "oops", "--adapters 'oops' must be name=path")]
    [InlineData("--port", "-3", "--port '-3' must be a non-negative integer")]
    public void Bad_options_fail_with_one_clear_line(string key, string value, string expected)
    {
        var (exit, _, stderr) = CliRunner.Run("api", "--model_name_or_path", Stories, key, value);
        Assert.Equal(1, exit);
        Assert.Contains(expected, stderr);
    }
}
