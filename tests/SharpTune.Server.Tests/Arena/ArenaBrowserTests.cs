using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace SharpTune.Server.Tests.Arena;

/// <summary>
/// Votes through the arena page in a real headless Chromium (Debian's <c>chromium</c> and <c>chromium-driver</c>, which
/// .ci/run installs where apt is usable; no browser is downloaded) and reads the votes back from the results page.
/// </summary>
public sealed class ArenaBrowserTests
{
    const string Chromium = "/usr/bin/chromium", Driver = "/usr/bin/chromedriver";

    static ChromeDriver Browser(string profile)
    {
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    static T Until<T>(Func<T?> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try { if (probe() is { } value) return value; }
            catch (WebDriverException) { }                                    // element not there yet, or stale
            Thread.Sleep(50);
        }
        throw new TimeoutException($"the page did not show {what} within 20 s");
    }

    static IWebElement Visible(IWebDriver d, string id) => Until(() => d.FindElement(By.Id(id)) is { Displayed: true } e ? e : null, $"#{id}");

    [SkippableFact]
    public async Task A_rater_votes_three_items_by_mouse_and_keyboard_and_the_results_page_shows_them()
    {
        Skip.IfNot(File.Exists(Chromium) && File.Exists(Driver),
            $"needs Debian's chromium and chromium-driver ({Chromium}, {Driver}); .ci/run installs them with apt when run as root");
        using var dir = new TempDir();
        var (app, _, db) = await ArenaHostTests.Start(dir, items: 3);
        await using var _a = app;
        using var browser = Browser(Directory.CreateDirectory(dir.File("profile")).FullName);
        browser.Navigate().GoToUrl(app.Urls.First() + "/");

        browser.FindElement(By.Id("rater")).SendKeys("ann");
        browser.FindElement(By.Id("start")).Click();
        bool sawScript = false;
        for (int i = 0; i < 3; i++)
        {
            Visible(browser, "battle");
            Until(() => browser.FindElement(By.Id("reveal")).Displayed ? null : "loaded", "the next item (the reveal hidden again)");
            var a = Until(() => browser.FindElement(By.Id("answer-a")) is { Text.Length: > 0 } e ? e : null, "answer A");
            var b = browser.FindElement(By.Id("answer-b"));
            foreach (var answer in new[] { a, b })
            {
                if (!answer.Text.Contains("<script>")) continue;
                sawScript = true;
                Assert.Equal(ArenaFixtures.ScriptAnswer, answer.GetDomProperty("textContent"));   // shown as text …
                Assert.Empty(answer.FindElements(By.TagName("b")));                            // … never parsed as HTML
            }
            Assert.Equal("SharpTune arena", browser.Title);
            string shown = browser.FindElement(By.TagName("body")).Text;
            Assert.DoesNotContain("base", shown);                                              // names hidden before the vote
            Assert.DoesNotContain("tuned", shown);
            if (i == 1) browser.FindElement(By.TagName("body")).SendKeys("b");                 // keyboard shortcut
            else browser.FindElement(By.Id(i == 0 ? "vote-a" : "vote-tie")).Click();
            var reveal = Visible(browser, "reveal");
            Assert.Matches("^A was (base|tuned), B was (base|tuned)\\.$", browser.FindElement(By.Id("reveal-text")).Text);
            Assert.NotNull(reveal);
            if (i == 2) browser.FindElement(By.TagName("body")).SendKeys(Keys.Enter);
            else browser.FindElement(By.Id("next")).Click();
        }
        Visible(browser, "done");
        Assert.True(sawScript);

        var votes = db.Arena.Votes();
        Assert.Equal(3, votes.Count);
        Assert.All(votes, v => Assert.Equal("ann", v.Judge));
        Assert.Equal(["model_a", "model_b", "tie"], votes.Select(v => v.Winner));

        browser.Navigate().GoToUrl(app.Urls.First() + "/results");
        Until(() => browser.FindElements(By.CssSelector("#ratings tbody tr")) is { Count: 2 } rows ? rows : null, "two rating rows");
        Assert.StartsWith("3 votes, 2 models", browser.FindElement(By.Id("summary")).Text);
        Assert.Equal(2, browser.FindElements(By.CssSelector("#rating-plot circle.rating-dot")).Count);
        var cells = browser.FindElements(By.CssSelector("#pairs tbody tr td")).Select(c => c.Text).ToList();
        Assert.Equal("1", cells[3]);                                                             // the one tie
    }
}
