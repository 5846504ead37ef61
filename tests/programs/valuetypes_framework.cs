// Framework value types by value: DateTime, TimeSpan, Guid,
// CancellationToken (a struct holding a reference), DateTimeOffset and
// decimal (both returned in RAX:RDX) are
// laid out by System.Private.CoreLib, another version bubble, so kiln's
// code that keeps them in locals, fields, array elements and boxes, or
// passes and returns them, carries a Check_TypeLayout fixup per type: the
// runtime confirms size, alignment and GC layout before it runs the code.
// A struct of this program embedding DateTime is checked too (with the
// embedded type). Under DOTNET_GCgen0size=0x10000 the reference inside
// CancellationToken survives collections while passed along.
//
// kiln-expect-compiled: Fw:Twice(
// kiln-expect-compiled: Fw:NextDay(
// kiln-expect-compiled: Fw:TicksOf(
// kiln-expect-compiled: Fw:Later(
// kiln-expect-compiled: Fw:CompareGuids(
// kiln-expect-compiled: Fw:IsCancelled(
// kiln-expect-compiled: Fw:PassToken(
// kiln-expect-compiled: Fw:SumStamps(
// kiln-expect-compiled: Fw:Boxed(
// kiln-expect-compiled: Fw:SpanOfEvents(
// kiln-expect-compiled: Fw:OffsetTicks(
// kiln-expect-compiled: Fw:MakeGuid(
// kiln-expect-compiled: Fw:GuidPart(
// kiln-expect-compiled: Fw:Interest(
// kiln-expect-compiled: Fw:Shift(
// kiln-expect-compiled: Fw:Spans(
// kiln-expect-compiled: Span2:.ctor(
// kiln-expect-compiled: Fw:Churn(
// kiln-expect-compiled: Fw:Main(
using System;
using System.Runtime.CompilerServices;
using System.Threading;

struct Stamp
{
    public DateTime When;
    public int Id;
}

class Span2
{
    public readonly DateTime From;
    public readonly TimeSpan Length;
    public readonly Stamp Tag;

    public Span2(DateTime from, TimeSpan length, Stamp tag)
    {
        From = from;
        Length = length;
        Tag = tag;
    }
}

class Event
{
    public DateTime At;
    public TimeSpan Length;
    public string Name;
}

static class Fw
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static TimeSpan Twice(TimeSpan t)
    {
        return t + t;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static DateTime NextDay(DateTime d)
    {
        return d.AddDays(1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long TicksOf(DateTime d)
    {
        return d.Ticks;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static DateTime Later(DateTime a, DateTime b)
    {
        return a > b ? a : b;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int CompareGuids(Guid a, Guid b)
    {
        return a.CompareTo(b);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Guid MakeGuid(int seed)
    {
        var bytes = new byte[16];
        for (int i = 0; i < 16; i++)
            bytes[i] = (byte)(seed * 7 + i);
        return new Guid(bytes);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool IsCancelled(CancellationToken t)
    {
        return t.IsCancellationRequested;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool PassToken(CancellationToken t, int depth)
    {
        Churn(200);
        if (depth == 0)
            return IsCancelled(t);
        return PassToken(t, depth - 1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long SumStamps(Stamp[] stamps)
    {
        long s = 0;
        for (int i = 0; i < stamps.Length; i++)
        {
            Stamp st = stamps[i];
            s += st.When.Ticks / TimeSpan.TicksPerSecond + st.Id;
        }
        return s;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static string Boxed(TimeSpan t)
    {
        object o = t;
        return o.ToString();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static TimeSpan SpanOfEvents(Event[] events)
    {
        TimeSpan total = new TimeSpan(0);
        DateTime last = default(DateTime);
        foreach (Event e in events)
        {
            total = total + e.Length;
            last = Later(last, e.At);
        }
        return total + TimeSpan.FromTicks(last.Ticks % 1000);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long OffsetTicks(DateTimeOffset o)
    {
        return o.UtcTicks + o.Offset.Ticks;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static decimal Interest(decimal principal, decimal rate, int years)
    {
        decimal v = principal;
        for (int i = 0; i < years; i++)
            v = decimal.Round(v * (1 + rate), 2);
        return v;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static DateTimeOffset Shift(DateTimeOffset o, int minutes)
    {
        return o.AddMinutes(minutes).ToOffset(TimeSpan.FromHours(-5));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static string Spans(DateTime day)
    {
        Stamp st;
        st.When = day;
        st.Id = 9;
        var s = new Span2(day.AddHours(1), new TimeSpan(0, 45, 0), st);
        var o = new DateTimeOffset(s.From + s.Length, new TimeSpan(0) - TimeSpan.FromHours(3));
        return s.Tag.Id + " " + o.ToString("yyyy-MM-dd HH:mm zzz");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Churn(int n)
    {
        int s = 0;
        for (int i = 0; i < n; i++)
            s += new int[8].Length;
        return s;
    }

    static void GuidPart()
    {
        Guid g1 = MakeGuid(1), g2 = MakeGuid(2);
        Console.WriteLine(g1);
        Console.WriteLine(CompareGuids(g1, g2) + " " + CompareGuids(g2, g1) + " " + CompareGuids(g1, g1));
    }

    static int Main()
    {
        var day = new DateTime(2024, 2, 28, 13, 45, 10);
        Console.WriteLine(Twice(TimeSpan.FromMinutes(90)));
        Console.WriteLine(NextDay(day).ToString("yyyy-MM-dd HH:mm:ss"));
        Console.WriteLine(NextDay(NextDay(day)).DayOfWeek);
        Console.WriteLine(TicksOf(day));
        Console.WriteLine(Later(day, NextDay(day)) == NextDay(day));

        GuidPart();

        var cts = new CancellationTokenSource();
        Console.WriteLine(PassToken(cts.Token, 5));
        cts.Cancel();
        Console.WriteLine(PassToken(cts.Token, 5));
        Console.WriteLine(IsCancelled(CancellationToken.None));

        var stamps = new Stamp[5];
        for (int i = 0; i < stamps.Length; i++)
        {
            stamps[i].When = day.AddSeconds(i * 10);
            stamps[i].Id = i;
        }
        Console.WriteLine(SumStamps(stamps));

        Console.WriteLine(Boxed(TimeSpan.FromSeconds(3725)));

        var events = new Event[4];
        for (int i = 0; i < events.Length; i++)
            events[i] = new Event { At = day.AddHours(i * 5), Length = TimeSpan.FromMinutes(i + 1), Name = "e" + i };
        Console.WriteLine(SpanOfEvents(events));

        var off = new DateTimeOffset(day, TimeSpan.FromHours(2));
        Console.WriteLine(OffsetTicks(off));
        Console.WriteLine(Shift(off, 90).ToString("yyyy-MM-dd HH:mm:ss zzz"));
        Console.WriteLine(Interest(1000.00m, 0.035m, 10));
        Console.WriteLine(Interest(-12.5m, 0.5m, 3) / 3);
        Console.WriteLine(Spans(day));
        return 100;
    }
}
