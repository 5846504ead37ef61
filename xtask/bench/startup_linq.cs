// Startup benchmark program for `cargo xtask bench`: a small console app
// using collections, LINQ and string formatting. Prints one checksum line.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

static class StartupLinq
{
    class Order
    {
        public int Id;
        public string Customer;
        public decimal Amount;
        public DateTime When;
    }

    static List<Order> MakeOrders(int n)
    {
        var list = new List<Order>();
        var names = new[] { "ada", "grace", "edsger", "barbara", "donald" };
        for (int i = 0; i < n; i++)
            list.Add(new Order { Id = i, Customer = names[i % names.Length], Amount = (i * 37 % 1000) / 10m, When = new DateTime(2024, 1, 1).AddDays(i % 365) });
        return list;
    }

    static int Main()
    {
        var orders = MakeOrders(500);
        var byCustomer = orders.GroupBy(o => o.Customer)
            .Select(g => new { Name = g.Key, Total = g.Sum(o => o.Amount), Count = g.Count() })
            .OrderByDescending(x => x.Total)
            .ToList();
        var sb = new StringBuilder();
        foreach (var c in byCustomer)
            sb.AppendFormat("{0,-8} {1,5} {2,10:F2}\n", c.Name, c.Count, c.Total);
        var months = new Dictionary<int, int>();
        foreach (var o in orders.Where(o => o.Amount > 50m))
        {
            int n;
            months.TryGetValue(o.When.Month, out n);
            months[o.When.Month] = n + 1;
        }
        var set = new HashSet<string>(orders.Select(o => o.Customer.ToUpperInvariant()));
        string text = sb.ToString() + string.Join(",", months.OrderBy(k => k.Key).Select(k => k.Key + ":" + k.Value)) + string.Join("|", set.OrderBy(s => s));
        Console.WriteLine("checksum " + text.Length + " " + text.GetHashCode().ToString().Length);
        return 0;
    }
}
