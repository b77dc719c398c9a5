"""Stream transactions: commit on exit, abort on error or cancellation, isolation, ending one
by hand, and picking one up from another handle (docs/guide/transactions.md).

    python docs/examples/transactions.py                   # asyncio, then trio
    python docs/examples/transactions.py --backend trio
"""

from __future__ import annotations

import argparse

import anyio

from arango_anyio import ArangoClient, StandardDatabase
from arango_anyio.exceptions import DocumentUpdateError
from arango_anyio.testing import Emulator


class InsufficientFunds(Exception):
    pass


async def setup(db: StandardDatabase) -> None:
    await db.create_collection("accounts")
    await db.create_collection("transfers")
    await db.collection("accounts").insert_many([{"_key": "ada", "balance": 100},
                                                 {"_key": "bob", "balance": 20}])


async def balances(db: StandardDatabase) -> dict[str, int]:
    async with db.aql.execute("FOR a IN accounts RETURN [a._key, a.balance]") as cursor:
        return {key: balance async for key, balance in cursor}


# [start transfer]
async def transfer(db: StandardDatabase, source: str, target: str, amount: int) -> None:
    async with db.begin_transaction(write=["accounts", "transfers"]) as txn:
        accounts = txn.collection("accounts")
        payer = await accounts.get(source)
        if payer is None or payer["balance"] < amount:
            raise InsufficientFunds(source)                 # leaving by an exception aborts
        await accounts.update({"_key": source, "balance": payer["balance"] - amount})
        await txn.aql.execute(
            "UPDATE @k WITH { balance: DOCUMENT('accounts', @k).balance + @n } IN accounts",
            bind_vars={"k": target, "n": amount})
        await txn.collection("transfers").insert({"from": source, "to": target, "n": amount})
    # leaving the block normally committed the transaction
# [end transfer]


async def commit_and_abort(db: StandardDatabase) -> None:
    # [start use]
    await transfer(db, "ada", "bob", 30)
    print("after transfer:", await balances(db))
    try:
        await transfer(db, "bob", "ada", 500)
    except InsufficientFunds:
        print("aborted:", await balances(db), "transfers:",
              await db.collection("transfers").count())
    # [end use]
    assert await balances(db) == {"ada": 70, "bob": 50}


async def isolation(db: StandardDatabase) -> None:
    # [start isolation]
    async with db.begin_transaction(write="accounts") as txn:
        await txn.collection("accounts").update({"_key": "ada", "balance": 0})
        inside = await txn.collection("accounts").get("ada")
        outside = await db.collection("accounts").get("ada")   # not in the transaction
        print("inside:", inside and inside["balance"], "outside:", outside and outside["balance"])
        try:   # a write from outside to a document the transaction wrote: refused at once
            await db.collection("accounts").update({"_key": "ada", "balance": 1})
        except DocumentUpdateError as error:
            print("conflict:", error.http_code, error.error_code, error.error_message)
        await txn.abort()                       # ends it here; the block then does nothing
    print("after abort:", await balances(db))
    # [end isolation]
    assert await balances(db) == {"ada": 70, "bob": 50}


async def by_hand(db: StandardDatabase) -> None:
    # [start by-hand]
    txn = await db.begin_transaction(read="accounts", write="transfers")
    print("id:", txn.transaction_id.isdigit(), "status:", await txn.transaction_status())
    try:
        await txn.collection("transfers").insert({"note": "by hand"})
        await txn.commit()
    except BaseException:
        await txn.abort()
        raise
    print("status:", txn.state)
    # [end by-hand]
    assert txn.state == "committed"


async def fetch_elsewhere(db: StandardDatabase) -> None:
    # [start fetch]
    txn = await db.begin_transaction(write="transfers")
    # e.g. in another task that only got the id (and, in a cluster, the coordinator):
    same = await db.fetch_transaction(txn.transaction_id, host=txn.transaction_host)
    await same.collection("transfers").insert({"note": "from the other handle"})
    async with same:                    # the block commits it
        pass
    print("committed:", await txn.transaction_status())
    # [end fetch]


async def cancelled(db: StandardDatabase, emulator: Emulator) -> None:
    # [start cancel]
    with anyio.move_on_after(0.05):
        async with db.begin_transaction(write="transfers") as txn:
            await txn.collection("transfers").insert({"note": "never committed"})
            await anyio.sleep(1)         # cancelled here: the transaction is aborted
    print("running transactions:", emulator.running_transactions())
    print("notes:", [d["note"] for d in emulator.documents("transfers").values()
                     if "note" in d])
    # [end cancel]
    assert emulator.running_transactions() == []


async def main() -> None:
    emulator = Emulator(root_password="")
    async with ArangoClient(hosts="http://emulator:8529",
                            http_client=emulator.http_client()) as client:
        db = await client.db("_system", username="root", password="")
        await setup(db)
        await commit_and_abort(db)
        await isolation(db)
        await by_hand(db)
        await fetch_elsewhere(db)
        await cancelled(db, emulator)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["asyncio", "trio", "both"], default="both")
    backend = parser.parse_args().backend
    for name in ("asyncio", "trio") if backend == "both" else (backend,):
        print(f"-- {name}")
        anyio.run(main, backend=name)
