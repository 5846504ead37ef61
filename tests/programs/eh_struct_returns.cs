// Methods with exception handling that return a struct through the hidden
// return buffer (structs over 16 bytes, decimal, decimal?): the buffer's
// address is kept in a GC-reported frame slot, so every return — after a
// try/finally, from a catch continuation, from a foreach over a disposable
// enumerator — writes the caller's buffer; static and instance methods,
// structs holding references while the GC runs.
//
// kiln-expect-compiled: EhStructReturns:Triple(
// kiln-expect-compiled: EhStructReturns:Guarded(
// kiln-expect-compiled: EhStructReturns:SumAll(
// kiln-expect-compiled: EhStructReturns:Named(
// kiln-expect-compiled: Holder:Make(
// kiln-expect-compiled: Holder:MakeNullable(
using System;
using System.Collections.Generic;

struct Big
{
    public long A, B, C;
    public string Tag;
}

class Holder
{
    public long Base = 7;
    public int Finallies;

    public Big Make(int k)
    {
        Big r = new Big();
        try
        {
            r.A = Base * k;
            if (k == 3)
                throw new InvalidOperationException("three");
            r.B = 100 / (k - 5);
        }
        catch (DivideByZeroException)
        {
            r.B = -1;
        }
        finally
        {
            Finallies++;
        }
        r.C = r.A + r.B;
        r.Tag = "holder " + k;
        return r;
    }

    public decimal? MakeNullable(int k)
    {
        try
        {
            if (k < 0)
                return null;
            return (decimal)k / 4;
        }
        finally
        {
            Finallies++;
        }
    }
}

class EhStructReturns
{
    static int finallies;

    static Big Triple(long x)
    {
        Big r;
        r.A = x;
        r.B = 2 * x;
        r.C = 3 * x;
        r.Tag = null;
        try
        {
            r.Tag = new string('t', (int)(x % 5) + 1) + x;
            if (x % 7 == 0)
                throw new ArgumentException("seven");
        }
        finally
        {
            finallies++;
        }
        return r;
    }

    static Big Guarded(long x)
    {
        try
        {
            return Triple(x);
        }
        catch (ArgumentException e)
        {
            Big r = new Big();
            r.Tag = "caught " + e.Message;
            r.A = -x;
            return r;
        }
    }

    static decimal SumAll(List<decimal> xs)
    {
        decimal s = 0;
        foreach (decimal d in xs)
            s += d;
        return s;
    }

    static Big Named(string name)
    {
        Big r = new Big();
        using (System.IO.StringReader rd = new System.IO.StringReader(name))
        {
            r.Tag = rd.ReadLine();
            r.A = r.Tag.Length;
        }
        return r;
    }

    static string Show(Big b)
    {
        return b.A + "/" + b.B + "/" + b.C + "/" + (b.Tag ?? "null");
    }

    static int Main()
    {
        long check = 0;
        for (long x = 1; x <= 30; x++)
        {
            Big b = Guarded(x);
            // Garbage while the results are held.
            object[] junk = new object[50];
            for (int j = 0; j < junk.Length; j++)
                junk[j] = new string('g', j);
            check += b.A + b.B + b.C + b.Tag.Length;
            if (x % 10 == 0 || x % 7 == 0)
                Console.WriteLine("Guarded(" + x + ") = " + Show(b));
        }
        Console.WriteLine("check = " + check + ", finallies = " + finallies);
        Holder h = new Holder();
        for (int k = 1; k <= 6; k++)
        {
            try
            {
                Console.WriteLine("Make(" + k + ") = " + Show(h.Make(k)));
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine("Make(" + k + ") threw " + e.Message);
            }
        }
        Console.WriteLine("MakeNullable = " + h.MakeNullable(-1) + " " + h.MakeNullable(10) + ", finallies = " + h.Finallies);
        List<decimal> xs = new List<decimal>();
        for (int i = 0; i < 20; i++)
            xs.Add(i * 1.25m);
        Console.WriteLine("SumAll = " + SumAll(xs));
        Console.WriteLine("Named = " + Show(Named("first line\nsecond")));
        bool ok = check > 0 && finallies == 30 && h.Finallies == 8;
        Console.WriteLine(ok ? "ok" : "FAIL");
        return ok ? 100 : 1;
    }
}
