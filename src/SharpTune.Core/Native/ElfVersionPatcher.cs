// Marks a missing GLIBCXX version requirement of libLibTorchSharp.so as weak (VER_FLG_WEAK) so that
// the library loads on systems whose libstdc++ is older than the one it was linked against.
// Reference: System V gABI "Symbol Versioning" (.gnu.version_r / .gnu.version_d layouts, ELF64 LE).
//
// This file is compiled twice: into SharpTune.Core (SHARPTUNE_CORE defined) for the run-time check and the
// tests, and by MSBuild's RoslynCodeTaskFactory (build/LibTorchPatch.targets) as the build-time patch task.
// It therefore sticks to APIs available to netstandard code: byte arrays, BitConverter, System.IO.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SharpTune.Core.Native
{
    /// <summary>One version requirement (Vernaux) of an ELF file: the library it is needed from, the
    /// version name, its flags and its file offset.</summary>
    public sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string file, string version, ushort flags, long flagsOffset)
        {
            File = file; Version = version; Flags = flags; FlagsOffset = flagsOffset;
        }
        public string File { get; }
        public string Version { get; }
        public ushort Flags { get; }
        public long FlagsOffset { get; }
        public bool IsWeak => (Flags & ElfVersionPatcher.VerFlagWeak) != 0;
    }

    /// <summary>What a patch run did.</summary>
    public enum ElfPatchOutcome { NotNeeded, AlreadyPatched, Patched, NotApplicable }

    /// <summary>Reads ELF64 little-endian symbol-version tables and patches the one known-safe requirement.</summary>
    public static class ElfVersionPatcher
    {
        public const ushort VerFlagWeak = 0x2;
        const uint ShtGnuVerdef = 0x6ffffffd;
        const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>Versions that TorchSharp needs only for symbols without relocations, so a weak need is safe.</summary>
        public static readonly string[] SafeToWeaken = { "GLIBCXX_3.4.32" };

        /// <summary>Every version requirement (Vernaux entry) in the file's .gnu.version_r section.</summary>
        public static List<ElfVersionNeed> ReadVersionNeeds(byte[] elf, string path)
        {
            var needs = new List<ElfVersionNeed>();
            var sections = Sections(elf, path);
            foreach (var sec in sections)
            {
                if (sec.Type != ShtGnuVerneed) continue;
                var strtab = SectionAt(sections, path, sec.Link);
                long vn = sec.Offset;
                for (uint i = 0; i < sec.Info; i++)
                {
                    Check(elf, path, vn, 16, "Verneed entry");
                    ushort cnt = U16(elf, vn + 2);
                    string file = CString(elf, path, strtab, U32(elf, vn + 4));
                    long aux = vn + U32(elf, vn + 8);
                    for (int j = 0; j < cnt; j++)
                    {
                        Check(elf, path, aux, 16, "Vernaux entry");
                        ushort flags = U16(elf, aux + 4);
                        string name = CString(elf, path, strtab, U32(elf, aux + 8));
                        needs.Add(new ElfVersionNeed(file, name, flags, aux + 4));
                        uint nextAux = U32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = U32(elf, vn + 12);
                    if (next == 0) break;
                    vn += next;
                }
            }
            return needs;
        }

        /// <summary>Every version name a shared library defines (its .gnu.version_d section).</summary>
        public static HashSet<string> ReadVersionDefinitions(byte[] elf, string path)
        {
            var defs = new HashSet<string>(StringComparer.Ordinal);
            var sections = Sections(elf, path);
            foreach (var sec in sections)
            {
                if (sec.Type != ShtGnuVerdef) continue;
                var strtab = SectionAt(sections, path, sec.Link);
                long vd = sec.Offset;
                for (uint i = 0; i < sec.Info; i++)
                {
                    Check(elf, path, vd, 20, "Verdef entry");
                    ushort cnt = U16(elf, vd + 6);
                    long aux = vd + U32(elf, vd + 12);
                    if (cnt > 0)
                    {
                        Check(elf, path, aux, 8, "Verdaux entry");
                        defs.Add(CString(elf, path, strtab, U32(elf, aux)));
                    }
                    uint next = U32(elf, vd + 16);
                    if (next == 0) break;
                    vd += next;
                }
            }
            return defs;
        }

        /// <summary>
        /// Patches <paramref name="libraryPath"/> in place (temp file + rename) so that every requirement in
        /// <see cref="SafeToWeaken"/> that the given libstdc++ does not define becomes weak. Idempotent; a no-op
        /// when the system library is new enough or the file is not an ELF.
        /// </summary>
        public static ElfPatchOutcome Patch(string libraryPath, string? systemLibStdCxx)
        {
            byte[] elf = System.IO.File.ReadAllBytes(libraryPath);
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                return ElfPatchOutcome.NotApplicable;
            HashSet<string> available = systemLibStdCxx != null && System.IO.File.Exists(systemLibStdCxx)
                ? ReadVersionDefinitions(System.IO.File.ReadAllBytes(systemLibStdCxx), systemLibStdCxx)
                : new HashSet<string>(StringComparer.Ordinal);
            bool changed = false, sawWeakened = false;
            foreach (var need in ReadVersionNeeds(elf, libraryPath))
            {
                if (Array.IndexOf(SafeToWeaken, need.Version) < 0 || !need.File.StartsWith("libstdc++", StringComparison.Ordinal)) continue;
                if (need.IsWeak) { sawWeakened = true; continue; }
                if (available.Contains(need.Version)) continue;
                ushort flags = (ushort)(need.Flags | VerFlagWeak);
                elf[need.FlagsOffset] = (byte)(flags & 0xff);
                elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
                changed = true;
            }
            if (!changed) return sawWeakened ? ElfPatchOutcome.AlreadyPatched : ElfPatchOutcome.NotNeeded;
            string tmp = libraryPath + ".patch-" + Guid.NewGuid().ToString("N") + ".tmp";
            System.IO.File.WriteAllBytes(tmp, elf);
            System.IO.File.Replace(tmp, libraryPath, null);
            return ElfPatchOutcome.Patched;
        }

        /// <summary>The libstdc++.so.6 this process has loaded (from /proc/self/maps), else the usual Debian path.</summary>
        public static string? FindSystemLibStdCxx()
        {
            try
            {
                if (System.IO.File.Exists("/proc/self/maps"))
                    foreach (var line in System.IO.File.ReadAllLines("/proc/self/maps"))
                    {
                        int slash = line.IndexOf('/');
                        if (slash >= 0 && line.IndexOf("libstdc++.so", slash, StringComparison.Ordinal) >= 0)
                            return line.Substring(slash).Trim();
                    }
            }
            catch (IOException) { }
            foreach (var p in new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" })
                if (System.IO.File.Exists(p)) return p;
            return null;
        }

        struct Section { public uint Type; public long Offset; public long Size; public uint Link; public uint Info; }

        static List<Section> Sections(byte[] elf, string path)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException(path + ": not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException(path + ": only 64-bit little-endian ELF is supported");
            long shoff = (long)U64(elf, 0x28);
            ushort shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
            if (shentsize < 64) throw new InvalidDataException(path + ": section header size " + shentsize + " is smaller than 64");
            var list = new List<Section>(shnum);
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                Check(elf, path, h, 64, "section header " + i);
                var s = new Section
                {
                    Type = U32(elf, h + 4),
                    Offset = (long)U64(elf, h + 24),
                    Size = (long)U64(elf, h + 32),
                    Link = U32(elf, h + 40),
                    Info = U32(elf, h + 44),
                };
                if (s.Type != 8 /* SHT_NOBITS */) Check(elf, path, s.Offset, s.Size, "section " + i + " data");
                list.Add(s);
            }
            return list;
        }

        static Section SectionAt(List<Section> all, string path, uint index)
        {
            if (index >= all.Count) throw new InvalidDataException(path + ": section link " + index + " is out of range");
            return all[(int)index];
        }

        static string CString(byte[] elf, string path, Section strtab, uint offset)
        {
            if (offset >= strtab.Size) throw new InvalidDataException(path + ": string offset " + offset + " is outside the string table");
            long start = strtab.Offset + offset, end = start;
            long limit = strtab.Offset + strtab.Size;
            while (end < limit && elf[end] != 0) end++;
            return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
        }

        static void Check(byte[] elf, string path, long offset, long length, string what)
        {
            if (offset < 0 || length < 0 || offset + length > elf.Length)
                throw new InvalidDataException(path + ": " + what + " at offset " + offset + " (+" + length + ") lies outside the file (" + elf.Length + " bytes)");
        }

        static ushort U16(byte[] b, long o) => BitConverter.ToUInt16(b, (int)o);
        static uint U32(byte[] b, long o) => BitConverter.ToUInt32(b, (int)o);
        static ulong U64(byte[] b, long o) => BitConverter.ToUInt64(b, (int)o);
    }

#if !SHARPTUNE_CORE
    /// <summary>MSBuild task: patch every libLibTorchSharp.so under the output directory.</summary>
    public class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; } = "";

        public override bool Execute()
        {
            if (!System.IO.Directory.Exists(Directory)) return true;
            string? libstdcxx = ElfVersionPatcher.FindSystemLibStdCxx();
            foreach (var lib in System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories))
            {
                var outcome = ElfVersionPatcher.Patch(lib, libstdcxx);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "libtorch patch: " + lib + ": " + outcome);
            }
            return true;
        }
    }
#endif
}
