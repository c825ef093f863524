using System.Text.Json;
using CsvHelper;
using Parquet.Serialization;

namespace SharpTune.Core.Data;

/// <summary>CSV (CsvHelper) and Parquet (Parquet.Net) records as JSON objects, so one converter serves every format.</summary>
internal static class TabularReaders
{
    public static IEnumerable<DataRow> Csv(string path, Stream stream)
    {
        var options = new CsvReaderOptions { TrackLineNumbers = true, AllowLineBreaksInQuotes = true, HasHeader = true };
        using var csv = CsvReader.Create(stream, options, false);
        while (true)
        {
            bool more;
            try { more = csv.Read(); }
            catch (CsvFormatException e) { throw new DataFormatException($"{path}: malformed CSV ({e.Message})", e); }
            if (!more) break;
            var header = csv.Headers;
            var row = new Dictionary<string, string?>(header.Count);
            for (int i = 0; i < header.Count; i++) row[header[i]] = i < csv.FieldCount ? csv.GetString(i) : null;
            yield return new DataRow(JsonSerializer.SerializeToElement(row), $"{path}:{csv.LineNumber}");
        }
    }

    public static IEnumerable<DataRow> Parquet(string path)
    {
        int groups;
        using (var fs = File.OpenRead(path))
        {
            try { groups = global::Parquet.ParquetReader.CreateAsync(fs).GetAwaiter().GetResult().RowGroupCount; }
            catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or global::Parquet.ParquetException)
            { throw new DataFormatException($"{path}: not a readable Parquet file ({e.Message})", e); }
        }
        long row = 0;
        for (int g = 0; g < groups; g++)
        {
            IList<Dictionary<string, object>> data;
            using (var fs = File.OpenRead(path))
                data = ParquetSerializer.DeserializeUntypedAsync(fs, null, g).GetAwaiter().GetResult().Data;
            foreach (var r in data)
            {
                row++;
                yield return new DataRow(JsonSerializer.SerializeToElement(r), $"{path} row {row}");
            }
        }
    }
}
