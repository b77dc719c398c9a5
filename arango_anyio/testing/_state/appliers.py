"""Replication appliers, one per database (and a global one): their configuration and state,
as ``ReplicationApplierConfiguration`` and ``ReplicationApplierState`` hold them.

The emulator never connects to the leader an applier is configured with: starting one marks
it running (tailing), stopping it marks it inactive; no data is ever applied.
"""

from __future__ import annotations

import time
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError

_NUMBERS = ("requestTimeout", "connectTimeout", "maxConnectRetries", "lockTimeoutRetries",
            "sslProtocol", "chunkSize", "autoResyncRetries", "maxPacketSize")
_FLAGS = ("skipCreateDrop", "autoStart", "adaptivePolling", "autoResync", "includeSystem",
          "includeFoxxQueues", "requireFromPresent", "verbose", "incremental")
#: durations given in seconds, ignored unless positive
_WAIT_TIMES = ("connectionRetryWaitTime", "initialSyncMaxWaitTime", "idleMinWaitTime",
               "idleMaxWaitTime")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def default_configuration() -> dict[str, Any]:
    """A new applier's configuration (3.12's defaults)."""
    return {
        "endpoint": "", "database": "", "username": "", "password": "",
        "requestTimeout": 600.0, "connectTimeout": 10.0, "ignoreErrors": 0,
        "maxConnectRetries": 100, "lockTimeoutRetries": 0, "sslProtocol": 0, "chunkSize": 0,
        "skipCreateDrop": False, "autoStart": False, "adaptivePolling": True,
        "autoResync": False, "autoResyncRetries": 2, "maxPacketSize": 536870912,
        "includeSystem": True, "includeFoxxQueues": False, "requireFromPresent": True,
        "verbose": False, "incremental": False, "restrictType": "", "restrictCollections": [],
        "connectionRetryWaitTime": 15.0, "initialSyncMaxWaitTime": 300.0,
        "idleMinWaitTime": 1.0, "idleMaxWaitTime": 2.5,
    }


class Applier:
    """One replication applier."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.config = default_configuration()
        self.running = False
        self.started = ""
        self.progress_message = f"applier initially created for {database}"
        self.progress_time = _now()

    def describe_config(self) -> dict[str, Any]:
        """The configuration as the server answers it (never the password)."""
        out = {k: v for k, v in self.config.items()
               if k not in ("endpoint", "database", "username", "password")}
        head = {k: self.config[k] for k in ("endpoint", "database", "username")
                if self.config[k]}
        return {**head, **out}

    def configure(self, body: Any, database: str) -> None:
        """Merge a ``PUT applier-config`` body into the configuration (400/1410 when the
        result is invalid, 400/1411 while running)."""
        if not isinstance(body, dict):
            raise EmuError(10, "expecting JSON object body", http_code=400)
        config = dict(self.config)
        given_db = body.get("database")
        config["database"] = given_db if isinstance(given_db, str) else database
        username = body.get("username")
        if isinstance(username, str) and username:
            config["username"] = username
            password = body.get("password")
            if isinstance(password, str):
                config["password"] = password
        for name in _NUMBERS:
            value = body.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                config[name] = value
        for name in _FLAGS:
            if isinstance(body.get(name), bool):
                config[name] = body[name]
        ignore = body.get("ignoreErrors")
        if isinstance(ignore, bool):
            config["ignoreErrors"] = 2**64 - 1 if ignore else 0
        elif isinstance(ignore, int):
            config["ignoreErrors"] = ignore
        for name in _WAIT_TIMES:
            value = body.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
                config[name] = float(value)
        restrict_type = body.get("restrictType")
        if isinstance(restrict_type, str):
            if restrict_type not in ("", "none", "include", "exclude"):
                raise EmuError(1410, "invalid value for <restrictType>", http_code=400)
            config["restrictType"] = "" if restrict_type == "none" else restrict_type
        collections = body.get("restrictCollections")
        if isinstance(collections, list):
            config["restrictCollections"] = sorted({c for c in collections
                                                    if isinstance(c, str)})
        endpoint = body.get("endpoint")
        if isinstance(endpoint, str):
            config["endpoint"] = endpoint
        elif "endpoint" in body:
            config["autoStart"] = False
        if not config["endpoint"]:
            raise EmuError(1410, "invalid value for <endpoint>", http_code=400)
        if bool(config["restrictType"]) != bool(config["restrictCollections"]):
            raise EmuError(1410, "invalid value for <restrictCollections> or <restrictType>",
                           http_code=400)
        if self.running:
            raise EmuError(1411, http_code=400)
        self.config = config

    def start(self) -> None:
        """Start applying (400/1410 without an endpoint); a running applier stays so."""
        if self.running:
            return
        if not self.config["endpoint"]:
            raise EmuError(1410, "no endpoint configured", http_code=400)
        self.running = True
        self.started = self.started or _now()
        self._progress("applier started tailing")

    def stop(self) -> None:
        """Stop applying."""
        if self.running:
            self.running = False
            self._progress("applier shut down")

    def _progress(self, message: str) -> None:
        self.progress_message = message
        self.progress_time = _now()

    def describe_state(self, server: dict[str, Any]) -> dict[str, Any]:
        """``{state, server, endpoint, database}`` as ``ReplicationApplier::toVelocyPack``."""
        state: dict[str, Any] = {
            "started": self.started, "running": self.running,
            "phase": "running" if self.running else "inactive",
            "lastAppliedContinuousTick": None, "lastProcessedContinuousTick": None,
            "lastAvailableContinuousTick": None, "safeResumeTick": None,
        }
        if self.running:
            state["ticksBehind"] = 0
        state.update({
            "progress": {"time": self.progress_time, "message": self.progress_message,
                         "failedConnects": 0},
            "totalRequests": 0, "totalFailedConnects": 0, "totalEvents": 0,
            "totalDocuments": 0, "totalRemovals": 0, "totalResyncs": 0,
            "totalOperationsExcluded": 0, "totalApplyTime": 0.0, "averageApplyTime": 0,
            "totalFetchTime": 0.0, "averageFetchTime": 0, "lastError": {"errorNum": 0},
            "time": _now(),
        })
        out: dict[str, Any] = {"state": state, "server": server}
        for name in ("endpoint", "database"):
            if self.config[name]:
                out[name] = self.config[name]
        return out


class Appliers:
    """Every applier of the deployment, by database name (``None``: the global one)."""

    def __init__(self) -> None:
        self._by_database: dict[str | None, Applier] = {}

    def get(self, database: str | None) -> Applier:
        """The applier of ``database`` (created on first use)."""
        applier = self._by_database.get(database)
        if applier is None:
            applier = self._by_database[database] = Applier(database or "all databases")
        return applier

    def forget_database(self, database: str) -> None:
        """Drop the applier of a dropped database."""
        self._by_database.pop(database, None)
