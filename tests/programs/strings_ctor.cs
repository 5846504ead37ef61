// String constructors (`newobj System.String::.ctor(...)`): the runtime
// allocates a string in the constructor itself, so compiled code calls the
// constructor with no `this` and takes the new string as its result. Every
// constructor form C# can name without spans, strings built while older
// ones sit in locals and arrays across collections, and a constructor that
// throws.
// kiln-expect-compiled: StringsCtor:FromChars(
// kiln-expect-compiled: StringsCtor:FromRange(
// kiln-expect-compiled: StringsCtor:Repeat(
// kiln-expect-compiled: StringsCtor:FromCharPtr(
// kiln-expect-compiled: StringsCtor:FromSBytePtr(
// kiln-expect-compiled: StringsCtor:FromEncoding(
// kiln-expect-compiled: StringsCtor:Churn(
// kiln-expect-compiled: StringsCtor:BadRange(
// kiln-expect-compiled: StringsCtor:Main(
using System;
using System.Text;

static class StringsCtor
{
    static int failures;

    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static string FromChars(char[] cs) { return new string(cs); }

    static string FromRange(char[] cs, int start, int len) { return new string(cs, start, len); }

    static string Repeat(char c, int n) { return new string(c, n); }

    static unsafe string FromCharPtr(string s, int start, int len)
    {
        fixed (char* p = s)
        {
            string whole = new string(p);
            string part = new string(p, start, len);
            return whole.Length + ":" + part;
        }
    }

    static unsafe string FromSBytePtr(byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            string a = new string((sbyte*)p);
            string b = new string((sbyte*)p, 1, 3);
            return a + "|" + b;
        }
    }

    static unsafe string FromEncoding(byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            return new string((sbyte*)p, 0, bytes.Length, Encoding.UTF8);
        }
    }

    // Many short-lived strings while earlier ones are kept in an array and
    // a local: under GC stress every constructor call may collect.
    static string Churn(int n)
    {
        string[] keep = new string[n];
        string last = new string('#', 3);
        object marker = new object();
        for (int i = 0; i < n; i++)
        {
            char[] cs = new char[i % 7 + 1];
            for (int j = 0; j < cs.Length; j++) cs[j] = (char)('a' + (i + j) % 26);
            keep[i] = new string(cs);
            string filler = new string('x', 50 + i % 13);
            if (filler.Length < 50) return "bad filler";
        }
        var sb = new StringBuilder();
        for (int i = 0; i < n; i += n / 8) sb.Append(keep[i]).Append(',');
        GC.KeepAlive(marker);
        return sb.ToString() + last;
    }

    static string BadRange(char[] cs)
    {
        try
        {
            return new string(cs, 2, 100);
        }
        catch (ArgumentOutOfRangeException)
        {
            return "caught";
        }
    }

    static int Main()
    {
        char[] hello = { 'h', 'e', 'l', 'l', 'o' };
        Check(FromChars(hello) == "hello", "char[]");
        Check(FromChars(new char[0]) == "", "empty char[]");
        Check((object)FromChars(new char[0]) == (object)string.Empty, "empty is String.Empty");
        Check(FromRange(hello, 1, 3) == "ell", "char[] range");
        Check(Repeat('z', 4) == "zzzz", "char count");
        Check(Repeat('z', 0) == "", "char zero count");
        Check(FromCharPtr("pointer", 2, 4) == "7:inte", "char*");
        byte[] ascii = { (byte)'A', (byte)'B', (byte)'C', (byte)'D', 0 };
        Check(FromSBytePtr(ascii) == "ABCD|BCD", "sbyte*");
        byte[] utf8 = Encoding.UTF8.GetBytes("h\u00e9llo");
        Check(FromEncoding(utf8) == "h\u00e9llo", "sbyte* with encoding");
        Check(BadRange(hello) == "caught", "out of range throws");
        string churn = Churn(400);
        Console.WriteLine(churn);
        Console.WriteLine(FromChars(hello) + " " + Repeat('-', 3) + " " + FromRange(hello, 0, 2));
        Console.WriteLine(failures == 0 ? "ok" : "failures " + failures);
        return failures == 0 ? 100 : 1;
    }
}
