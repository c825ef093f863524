using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SharpTune.Server.Api;
using SharpTune.Server.Storage;

namespace SharpTune.Cli.Tests.Commands;

/// <summary>
/// The durability test: 20 concurrent clients send 1,000 arena votes and 1,000 feedback events to a real
/// `sharptune arena` process on a loopback port, which is killed with SIGKILL once midway and restarted on the same
/// database; every event that was acknowledged (HTTP 200) is in the database and in the reports. Bounded: 2,000
/// events, 90 s at most (about 15 s here).
/// </summary>
[Collection("cli")]
public sealed class ArenaKillTests
{
    const int Clients = 20, PerClient = 50;

    sealed class Server(string dir, string[] args, int port) : IDisposable
    {
        Process? _p;
        public Uri Url { get; } = new($"http://127.0.0.1:{port}");

        public void Start()
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sharptune.dll"));
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add("--port");
            psi.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _p = Process.Start(psi)!;
            _ = _p.StandardError.ReadToEndAsync();
            string? line = _p.StandardOutput.ReadLine();                       // "arena: … on http://127.0.0.1:PORT/ …" once listening
            Assert.True(line is not null && line.Contains(Url.ToString()), $"the arena did not start: {line}");
            _ = _p.StandardOutput.ReadToEndAsync();
        }

        public void Kill()
        {
            _p!.Kill();                                                         // SIGKILL on Linux: no shutdown code runs
            _p.WaitForExit();
            Assert.Equal(137, _p.ExitCode);
        }

        public void Dispose()
        {
            if (_p is { HasExited: false }) { _p.Kill(); _p.WaitForExit(); }
            _p?.Dispose();
        }
    }

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Sends until the server answers; a lost connection (the kill) is retried.</summary>
    static async Task<HttpResponseMessage> Send(HttpClient http, Func<Task<HttpResponseMessage>> send, CancellationToken stop)
    {
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            try { return await send(); }
            catch (HttpRequestException) { await Task.Delay(50, stop); }
            catch (TaskCanceledException) when (!stop.IsCancellationRequested) { await Task.Delay(50, stop); }
        }
    }

    [Fact]
    public async Task Every_acknowledged_vote_and_feedback_survives_a_kill_9_of_the_server()
    {
        string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sharptune-kill-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            string dbPath = Path.Combine(dir, "eval.db");
            string Predictions(string name) => WriteLines(Path.Combine(dir, name + ".jsonl"),
                Enumerable.Range(0, PerClient).Select(i => $"{{\"prompt\": \"q{i}\", \"predict\": \"{name} says {i}\", \"label\": \"\"}}"));
            // 1,000 responses as the API's observer records them, for the feedback to refer to.
            var store = EvaluationDatabase.Open(dbPath).Experiments;
            for (int i = 0; i < Clients * PerClient; i++)
                store.Record(new CompletionRecord($"chatcmpl-{i}", new RoutedModel(i % 2 == 0 ? "base" : "polite", "tone", i % 2 == 0 ? "a" : "b", $"u{i}", true),
                    "assistant", 10, 1, 3, 4, "stop", DateTimeOffset.UtcNow));

            using var server = new Server(dir, ["arena", "--db", dbPath, "--predictions", $"base={Predictions("base")},tuned={Predictions("tuned")}"], FreePort());
            server.Start();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(10) };
            var ackedVotes = new ConcurrentBag<(string Rater, string Item, string Winner)>();
            var ackedFeedback = new ConcurrentBag<(string Id, string Rating)>();
            var conflicts = new ConcurrentBag<(string Rater, string Item, string Winner)>();
            var winners = new Dictionary<string, string> { ["a"] = "model_a", ["b"] = "model_b", ["tie"] = "tie", ["bothbad"] = "tie (bothbad)" };
            int acked = 0;
            var killed = new TaskCompletionSource();

            async Task Client(int c)
            {
                string rater = $"rater-{c}";
                for (int k = 0; k < PerClient; k++)
                {
                    var next = JsonNode.Parse(await (await Send(http, () => http.GetAsync($"/api/next?rater={rater}", stop.Token), stop.Token)).Content.ReadAsStringAsync(stop.Token))!;
                    string battle = (string)next["battle_id"]!, item = (string)next["item_id"]!;
                    string choice = new[] { "a", "b", "tie", "bothbad" }[(c + k) % 4];
                    var vote = await Send(http, () => http.PostAsJsonAsync("/api/vote", new { battle_id = battle, choice }, stop.Token), stop.Token);
                    if (vote.StatusCode == HttpStatusCode.OK)
                        ackedVotes.Add((rater, item, (string)JsonNode.Parse(await vote.Content.ReadAsStringAsync(stop.Token))!["winner"]!));
                    else
                    {
                        Assert.Equal(HttpStatusCode.Conflict, vote.StatusCode);       // stored before the kill, its answer lost in it
                        conflicts.Add((rater, item, winners[choice]));
                    }

                    string id = $"chatcmpl-{c * PerClient + k}", rating = k % 3 == 0 ? "down" : "up";
                    var fb = await Send(http, () => http.PostAsJsonAsync("/v1/feedback", new { response_id = id, rating }, stop.Token), stop.Token);
                    Assert.Equal(HttpStatusCode.OK, fb.StatusCode);
                    ackedFeedback.Add((id, rating));
                    if (Interlocked.Add(ref acked, 2) >= 600) killed.TrySetResult();
                }
            }

            var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => Client(c))).ToList();
            await Task.WhenAny(killed.Task, Task.WhenAll(clients));
            server.Kill();
            int ackedAtKill = Volatile.Read(ref acked);
            server.Start();
            await Task.WhenAll(clients);
            Assert.InRange(ackedAtKill, 600, 1990);                             // the kill really happened midway

            var db = EvaluationDatabase.OpenExisting(dbPath);
            var votes = db.Arena.Votes().Select(v => (v.Judge, v.QuestionId!, v.Winner)).ToHashSet();
            Assert.Equal(Clients * PerClient, ackedVotes.Count + conflicts.Count);
            Assert.All(ackedVotes, v => Assert.Contains(v, votes));
            Assert.All(conflicts, v => Assert.Contains(v, votes));
            var feedback = db.Experiments.Feedback().ToHashSet();
            Assert.All(ackedFeedback, f => Assert.Contains(f, feedback));

            var arena = JsonNode.Parse(CliRunner.Run("arena", "report", "--db", dbPath, "--json", "--bootstrap", "10").Out)!;
            Assert.Equal(votes.Count, (int)arena["votes"]!);
            Assert.True((int)arena["votes"]! >= ackedVotes.Count);
            var ab = JsonNode.Parse(CliRunner.Run("ab", "report", "--db", dbPath, "--json").Out)!["experiments"]![0]!;
            int up = ab["variants"]!.AsArray().Sum(v => (int)v!["up"]!), down = ab["variants"]!.AsArray().Sum(v => (int)v!["down"]!);
            Assert.Equal(Clients * PerClient, up + down);                       // every response got its (latest) thumb
            Assert.Equal(ackedFeedback.Count(f => f.Rating == "up"), up);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    static string WriteLines(string path, IEnumerable<string> lines)
    {
        File.WriteAllLines(path, lines);
        return path;
    }
}
