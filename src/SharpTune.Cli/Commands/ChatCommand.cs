using System.CommandLine;
using SharpTune.Core.Configuration;
using SharpTune.Core.Generation;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune chat`: an interactive conversation on the terminal, the reply streamed token by token.</summary>
internal static class ChatCommand
{
    public static Command Create() => LfCommand.Create(
        "chat",
        "Chat with a model (+ adapters) in the terminal. Type 'clear' to forget the history, 'exit' to leave.",
        [typeof(ModelArguments), typeof(GeneratingArguments)],
        [new("default_system", "System prompt for the conversation.")],
        args =>
        {
            using var chat = new ChatSession(args.Bind<ModelArguments>(), args.Bind<GeneratingArguments>(), args.Get("default_system"));
            Console.Error.WriteLine("Type a message; 'clear' forgets the history, 'exit' leaves.");
            while (true)
            {
                Console.Out.Write("User: ");
                string? line = Console.In.ReadLine();
                if (line is null || line.Trim() == "exit") return 0;
                if (line.Trim() == "clear") { chat.Clear(); Console.Error.WriteLine("History cleared."); continue; }
                if (line.Trim().Length == 0) continue;
                Console.Out.Write("Assistant: ");
                chat.Reply(line, piece => { Console.Out.Write(piece); Console.Out.Flush(); });
                Console.Out.WriteLine();
            }
        });
}
