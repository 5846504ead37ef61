// Fields whose offsets depend on types outside the version bubble: a custom
// exception (base System.Exception) and a class holding a DateTime before
// its own fields. kiln computes the offsets and has the runtime confirm them
// (Check_FieldOffset fixups); the methods run precompiled.
using System;
class AppError : Exception
{
    public int Code;
    public string Where;
    public AppError(int code, string where) : base("app error") { Code = code; Where = where; }
    public int Weight() { return Code * 2 + Where.Length; }
}
class Stamp
{
    public DateTime When;
    public int Count;
    public long Total;
    public void Add(int v) { Count++; Total += v; }
    public static long Mean(Stamp s) { return s.Count == 0 ? 0 : s.Total / s.Count; }
}
class Program
{
    static AppError Make(int i) { return new AppError(i, "w" + i); }
    static int Main()
    {
        AppError e = Make(21);
        Console.WriteLine(e.Weight());
        Console.WriteLine(e.Message);
        Stamp s = new Stamp();
        for (int i = 1; i <= 10; i++) s.Add(i * 7);
        Console.WriteLine(Stamp.Mean(s));
        Console.WriteLine(s.Count);
        Console.WriteLine(Caught());
        return 100;
    }
    static int Caught()
    {
        try { throw Make(5); } catch (AppError e) { return e.Code + e.Where.Length; }
    }
}
