// Statics and static constructors: initialization order, laziness of
// precise (explicit .cctor) vs beforefieldinit types, static fields of every
// kind, static readonly, thread-static, cctor exceptions.
using System;
using System.Text;

static class Log
{
    public static StringBuilder Trace = new StringBuilder();
}

class Precise
{
    public static int Value;
    static Precise() { Log.Trace.Append("[Precise]"); Value = 42; }
    public static int Get() { return Value; }
}

class Chained
{
    public static readonly int A = Compute("A", 1);
    public static readonly int B = Compute("B", A + 1);
    static Chained() { Log.Trace.Append("[Chained]"); }
    static int Compute(string name, int v) { Log.Trace.Append(name); return v * 10; }
}

class DependsOnOther
{
    public static int X;
    static DependsOnOther() { X = Precise.Value + 1; Log.Trace.Append("[Depends]"); }
}

class Broken
{
    public static int Value;
    static Broken() { Log.Trace.Append("[Broken]"); throw new InvalidOperationException("no"); }
}

class Instances
{
    public static int Created;
    public readonly int Id;
    public Instances() { Id = ++Created; }
}

class Generic<T>
{
    public static string Name;
    static Generic() { Name = typeof(T).Name; Log.Trace.Append("<" + Name + ">"); }
}

struct StaticInStruct
{
    public static long Counter = 5;
    public int Field;
}

static class StaticsCctor
{
    static int failures;
    static byte sByte = 200;
    static short sShort = -300;
    static long sLong = 1L << 50;
    static double sDouble = 2.5;
    static string sString = "static";
    static int[] sArray = { 1, 2, 3 };
    static object sObj;
    static decimal sDec = 1.1m;
    const int Constant = 77;
    [ThreadStatic] static int perThread;

    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static int Main()
    {
        Check(Log.Trace.Length == 0, "nothing initialized eagerly");
        Check(Precise.Get() == 42, "precise cctor ran");
        Check(Log.Trace.ToString() == "[Precise]", "precise cctor once: " + Log.Trace);
        Precise.Value = 7;
        Check(Precise.Get() == 7, "static field write");

        Log.Trace.Clear();
        Check(Chained.B == 110 && Chained.A == 10, "field initializers in order");
        Check(Log.Trace.ToString() == "AB[Chained]", "initializers before cctor body: " + Log.Trace);

        Log.Trace.Clear();
        Check(DependsOnOther.X == 8 && Log.Trace.ToString() == "[Depends]", "cctor reading another class");

        Log.Trace.Clear();
        int typeInitFailures = 0;
        for (int i = 0; i < 3; i++)
        {
            try { Broken.Value = i; }
            catch (TypeInitializationException e)
            {
                typeInitFailures++;
                Check(e.InnerException is InvalidOperationException, "inner exception");
            }
        }
        Check(typeInitFailures == 3 && Log.Trace.ToString() == "[Broken]", "failed cctor runs once, rethrows: " + Log.Trace);

        Log.Trace.Clear();
        Check(Generic<int>.Name == "Int32" && Generic<string>.Name == "String" && Generic<int>.Name == "Int32", "generic cctors");
        Check(Log.Trace.ToString() == "<Int32><String>", "one cctor per instantiation: " + Log.Trace);

        for (int i = 0; i < 10; i++) new Instances();
        Check(Instances.Created == 10 && new Instances().Id == 11, "static counter");

        sByte += 100; sShort *= 2; sLong >>= 10; sDouble *= sDouble; sString += "!"; sArray[1] = 20;
        sDec += 2m;
        Check(sByte == 44 && sShort == -600 && sLong == 1L << 40 && sDouble == 6.25 && sString == "static!"
              && sArray[0] + sArray[1] + sArray[2] == 24 && sDec == 3.1m, "static fields of every kind");
        Check(sObj == null, "static default");
        sObj = sArray;
        Check(((int[])sObj)[1] == 20, "static object field");
        Check(Constant == 77, "const");

        StaticInStruct.Counter++;
        Check(StaticInStruct.Counter == 6, "static in struct");

        perThread = 5;
        int seenInThread = -1;
        var t = new System.Threading.Thread(() => { seenInThread = perThread; perThread = 9; });
        t.Start();
        t.Join();
        Check(seenInThread == 0 && perThread == 5, "thread static");

        Console.WriteLine(Precise.Value + " " + Chained.A + " " + Chained.B + " " + DependsOnOther.X + " " + Instances.Created);
        Console.WriteLine(failures == 0 ? "statics_cctor ok" : "statics_cctor FAILED");
        return failures == 0 ? 100 : 1;
    }
}
