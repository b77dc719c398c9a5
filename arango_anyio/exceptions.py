"""Every exception arango_anyio raises: the roots and one class per operation.

Each per-operation class is an :class:`ArangoServerError` (the server answered with an error) and
carries ``http_code``, ``error_code``, ``error_message``, ``url``, ``http_method``, ``response``
and ``request``. Client-side problems raise :class:`ArangoClientError` subclasses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from arango_anyio.request import Request
    from arango_anyio.response import Response


class ArangoError(Exception):
    """Base class of every error raised by arango_anyio."""


class ArangoClientError(ArangoError):
    """The driver could not reach the server, or could not understand or build a message.

    :ivar message: a human-readable description.
    :ivar source: always ``"client"``.
    """

    #: Where the error was found: ``"client"`` (``"server"`` for :class:`ArangoServerError`).
    source = "client"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        # python-arango compatibility: client errors carry no HTTP details.
        self.http_method: str | None = None
        self.url: str | None = None
        self.http_code: int | None = None
        self.error_code: int | None = None


class ClientClosedError(ArangoClientError):
    """The :class:`~arango_anyio.ArangoClient` is not open (never entered, or closed), or it
    was closed while the call waited or ran.

    :ivar may_have_been_applied: True when the call changes data and at least one byte of
        its request had been written to a socket when the client closed.
    """

    def __init__(self, message: str, *, may_have_been_applied: bool = False) -> None:
        super().__init__(message)
        self.may_have_been_applied = may_have_been_applied


class ServerConnectionError(ArangoClientError):
    """No usable answer came from any host.

    :ivar hosts: the hosts that were tried, in order.
    :ivar may_have_been_applied: True when the call changes data and at least one byte of its
        request was written to a socket before the answer was lost, so the server may have
        applied it. False means it was not applied (it never left the client, or it was a
        read).
    :ivar http_code: the HTTP status when a server answered (e.g. 401 on bad credentials).
    :ivar error_code: ArangoDB's errorNum when a server answered.
    """

    def __init__(
        self,
        message: str,
        *,
        hosts: list[str] | None = None,
        may_have_been_applied: bool = False,
        http_code: int | None = None,
        error_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.hosts = list(hosts or [])
        self.may_have_been_applied = may_have_been_applied
        self.http_code = http_code
        self.error_code = error_code


class RequestTimeoutError(ArangoClientError, TimeoutError):
    """The call did not finish within the client's ``request_timeout`` (retries included).

    :ivar may_have_been_applied: True when the call changes data (not GET/HEAD/OPTIONS) and
        at least one byte of its request had been written to a socket when the time ran out:
        the server may have applied it. A request that timed out while waiting for a pooled
        connection, while connecting or in the TLS handshake was not sent (False); the
        message says where it was.
    """

    def __init__(self, message: str, *, may_have_been_applied: bool = False) -> None:
        super().__init__(message)
        self.may_have_been_applied = may_have_been_applied


class ResponseParseError(ArangoClientError):
    """The server's answer could not be understood (not JSON, missing fields, ...).

    :ivar http_code: the HTTP status of the answer.
    :ivar response: the :class:`~arango_anyio.response.Response`.
    """

    def __init__(self, message: str, response: Response | None = None) -> None:
        super().__init__(message)
        self.response = response
        if response is not None:
            self.http_code = response.status_code
            self.http_method = response.method
            self.url = response.url


class ResponseTooLargeError(ArangoClientError):
    """The answer is larger than the HTTP client's ``max_response_size`` (as received, or
    once decompressed). The connection it came on is closed.

    :ivar limit: the limit, in bytes.
    :ivar http_code: the answer's HTTP status, when its head was read.
    :ivar may_have_been_applied: True when the call changes data (the server answered, so
        it handled the request).
    """

    def __init__(self, message: str, *, limit: int | None = None, http_code: int | None = None,
                 may_have_been_applied: bool = False) -> None:
        super().__init__(message)
        self.limit = limit
        self.http_code = http_code
        self.may_have_been_applied = may_have_been_applied


class RequestSerializationError(ArangoClientError, ValueError):
    """A request body could not be serialized (sets, NaN, non-string keys, ...).

    Raised before anything is sent.
    """


class InvalidArgumentError(ArangoClientError, ValueError):
    """An argument is invalid; raised before anything is sent."""


class ArangoServerError(ArangoError):
    """The server answered with an error.

    :ivar http_code: HTTP status code.
    :ivar error_code: ArangoDB's ``errorNum`` (``None`` when the body has none).
    :ivar error_message: ArangoDB's ``errorMessage`` (or the HTTP reason).
    :ivar http_method: the request's method.
    :ivar url: the request's URL.
    :ivar response: the :class:`~arango_anyio.response.Response`.
    :ivar request: the :class:`~arango_anyio.request.Request`.
    """

    #: Where the error was found: ``"server"``.
    source = "server"

    def __init__(self, response: Response, request: Request, msg: str | None = None) -> None:
        self.response = response
        # Never a password in an error: a copy with secret fields masked when it has any.
        self.request = request.redacted()
        self.http_code = response.status_code
        self.http_method = response.method
        self.url = response.url
        self.http_headers = response.headers
        self.error_code = response.error_code
        error_message = response.error_message
        if not error_message:
            error_message = response.status_text or _describe_body(response)
        self.error_message = error_message
        if msg is None:
            msg = error_message
        if self.error_code is None:
            text = f"[HTTP {self.http_code}] {msg}"
        else:
            text = f"[HTTP {self.http_code}][ERR {self.error_code}] {msg}"
        super().__init__(text)
        self.message = text

    @property
    def details(self) -> Any:
        """The whole error body as the server sent it (deserialized)."""
        return self.response.body


def _describe_body(response: Response) -> str:
    body = response.body
    if isinstance(body, str) and body:
        snippet = " ".join(body.split())[:120]
        return f"unexpected answer: {snippet!r}"
    return "unexpected answer"


class QueueTimeViolatedError(ArangoServerError):
    """The request waited in the server's queue longer than ``max_queue_time`` (412/21004)."""



class CursorStateError(ArangoClientError):
    """The cursor is closed, or was used in a way its state does not allow."""


class CursorCountError(ArangoClientError, TypeError):
    """The cursor was created without ``count=True``."""


class CursorEmptyError(ArangoClientError):
    """The cursor has no more documents."""


class TransactionStateError(ArangoClientError):
    """The transaction is already committed/aborted, or is used concurrently."""


class AsyncJobPendingError(ArangoClientError):
    """The async job has not finished yet (see ``AsyncJob.wait``)."""


# Databases -------------------------------------------------------------------------------------


class DatabaseListError(ArangoServerError):
    """Listing databases failed."""


class DatabasePropertiesError(ArangoServerError):
    """Reading database properties failed."""


class DatabaseCreateError(ArangoServerError):
    """Creating a database failed."""


class DatabaseDeleteError(ArangoServerError):
    """Deleting a database failed."""

# Collections -----------------------------------------------------------------------------------


class CollectionListError(ArangoServerError):
    """Listing collections failed."""


class CollectionPropertiesError(ArangoServerError):
    """Reading collection properties failed."""


class CollectionConfigureError(ArangoServerError):
    """Changing collection properties failed."""


class CollectionStatisticsError(ArangoServerError):
    """Reading collection statistics failed."""


class CollectionRevisionError(ArangoServerError):
    """Reading the collection revision failed."""


class CollectionChecksumError(ArangoServerError):
    """Computing the collection checksum failed."""


class CollectionCreateError(ArangoServerError):
    """Creating a collection failed."""


class CollectionDeleteError(ArangoServerError):
    """Deleting a collection failed."""


class CollectionRenameError(ArangoServerError):
    """Renaming a collection failed."""


class CollectionTruncateError(ArangoServerError):
    """Truncating a collection failed."""


class CollectionCompactError(ArangoServerError):
    """Compacting a collection failed."""


class CollectionRecalculateCountError(ArangoServerError):
    """Recalculating the document count failed."""


class CollectionResponsibleShardError(ArangoServerError):
    """Finding the responsible shard failed."""


class CollectionShardsError(ArangoServerError):
    """Listing the shards failed."""


class CollectionKeyGeneratorsError(ArangoServerError):
    """Listing key generators failed."""


class CollectionInformationError(ArangoServerError):
    """Reading collection information failed."""

# Documents -------------------------------------------------------------------------------------


class DocumentCountError(ArangoServerError):
    """Counting documents failed."""


class DocumentInError(ArangoServerError):
    """Checking for a document failed."""


class DocumentGetError(ArangoServerError):
    """Reading a document failed."""


class DocumentKeysError(ArangoServerError):
    """Listing document keys failed."""


class DocumentIDsError(ArangoServerError):
    """Listing document ids failed."""


class DocumentInsertError(ArangoServerError):
    """Inserting a document failed."""


class DocumentReplaceError(ArangoServerError):
    """Replacing a document failed."""


class DocumentUpdateError(ArangoServerError):
    """Updating a document failed."""


class DocumentDeleteError(ArangoServerError):
    """Deleting a document failed."""


class DocumentRevisionError(ArangoServerError):
    """The document revision did not match (HTTP 412 / conflict)."""

# Indexes ---------------------------------------------------------------------------------------


class IndexListError(ArangoServerError):
    """Listing indexes failed."""


class IndexGetError(ArangoServerError):
    """Reading an index failed."""


class IndexCreateError(ArangoServerError):
    """Creating an index failed."""


class IndexDeleteError(ArangoServerError):
    """Deleting an index failed."""


class IndexLoadError(ArangoServerError):
    """Loading indexes into memory failed."""

# AQL -------------------------------------------------------------------------------------------


class AQLQueryExplainError(ArangoServerError):
    """Explaining a query failed."""


class AQLQueryValidateError(ArangoServerError):
    """Validating a query failed."""


class AQLQueryExecuteError(ArangoServerError):
    """Executing a query failed."""


class AQLQueryListError(ArangoServerError):
    """Listing running queries failed."""


class AQLQueryClearError(ArangoServerError):
    """Clearing slow queries failed."""


class AQLQueryTrackingGetError(ArangoServerError):
    """Reading query tracking properties failed."""


class AQLQueryTrackingSetError(ArangoServerError):
    """Changing query tracking properties failed."""


class AQLQueryKillError(ArangoServerError):
    """Killing a query failed."""


class AQLQueryRulesGetError(ArangoServerError):
    """Listing optimizer rules failed."""


class AQLCachePropertiesError(ArangoServerError):
    """Reading query cache properties failed."""


class AQLCacheConfigureError(ArangoServerError):
    """Changing query cache properties failed."""


class AQLCacheEntriesError(ArangoServerError):
    """Listing query cache entries failed."""


class AQLCacheClearError(ArangoServerError):
    """Clearing the query cache failed."""


class AQLFunctionListError(ArangoServerError):
    """Listing AQL user functions failed."""


class AQLFunctionCreateError(ArangoServerError):
    """Creating an AQL user function failed."""


class AQLFunctionDeleteError(ArangoServerError):
    """Deleting an AQL user function failed."""

# Cursors ---------------------------------------------------------------------------------------


class CursorNextError(ArangoServerError):
    """Fetching the next cursor batch failed."""


class CursorCloseError(ArangoServerError):
    """Deleting a cursor failed."""

# Transactions ----------------------------------------------------------------------------------


class TransactionInitError(ArangoServerError):
    """Beginning a transaction failed."""


class TransactionStatusError(ArangoServerError):
    """Reading a transaction's status failed."""


class TransactionExecuteError(ArangoServerError):
    """Executing a JavaScript transaction failed."""


class TransactionCommitError(ArangoServerError):
    """Committing a transaction failed."""


class TransactionAbortError(ArangoServerError):
    """Aborting a transaction failed."""


class TransactionListError(ArangoServerError):
    """Listing transactions failed."""


class TransactionFetchError(ArangoServerError):
    """Fetching an existing transaction failed."""

# Async jobs ------------------------------------------------------------------------------------


class AsyncExecuteError(ArangoServerError):
    """Submitting an async job failed."""


class AsyncJobListError(ArangoServerError):
    """Listing async jobs failed."""


class AsyncJobCancelError(ArangoServerError):
    """Cancelling an async job failed."""


class AsyncJobStatusError(ArangoServerError):
    """Reading an async job's status failed."""


class AsyncJobResultError(ArangoServerError):
    """Fetching an async job's result failed."""


class AsyncJobClearError(ArangoServerError):
    """Deleting async job results failed."""

# Users and permissions -------------------------------------------------------------------------


class UserListError(ArangoServerError):
    """Listing users failed."""


class UserGetError(ArangoServerError):
    """Reading a user failed."""


class UserCreateError(ArangoServerError):
    """Creating a user failed."""


class UserUpdateError(ArangoServerError):
    """Updating a user failed."""


class UserReplaceError(ArangoServerError):
    """Replacing a user failed."""


class UserDeleteError(ArangoServerError):
    """Deleting a user failed."""


class PermissionListError(ArangoServerError):
    """Listing permissions failed."""


class PermissionGetError(ArangoServerError):
    """Reading a permission failed."""


class PermissionUpdateError(ArangoServerError):
    """Changing a permission failed."""


class PermissionResetError(ArangoServerError):
    """Resetting a permission failed."""


class AccessTokenCreateError(ArangoServerError):
    """Creating an access token failed."""


class AccessTokenListError(ArangoServerError):
    """Listing access tokens failed."""


class AccessTokenDeleteError(ArangoServerError):
    """Deleting an access token failed."""

# Server ----------------------------------------------------------------------------------------


class ServerVersionError(ArangoServerError):
    """Reading the server version failed."""


class ServerDetailsError(ArangoServerError):
    """Reading server details failed."""


class ServerStatusError(ArangoServerError):
    """Reading the server status failed."""


class ServerEngineError(ArangoServerError):
    """Reading the storage engine failed."""


class ServerRoleError(ArangoServerError):
    """Reading the server role failed."""


class ServerTimeError(ArangoServerError):
    """Reading the server time failed."""


class ServerAvailabilityError(ArangoServerError):
    """The availability check failed."""


class ServerMetricsError(ArangoServerError):
    """Reading metrics failed."""


class ServerLogLevelError(ArangoServerError):
    """Reading log levels failed."""


class ServerLogLevelSetError(ArangoServerError):
    """Changing log levels failed."""


class ServerReadLogError(ArangoServerError):
    """Reading log entries failed."""


class ServerLicenseGetError(ArangoServerError):
    """Reading the license failed."""


class ServerLicenseSetError(ArangoServerError):
    """Setting the license failed."""


class ServerSupportInfoError(ArangoServerError):
    """Reading support info failed."""


class JWTAuthError(ArangoServerError):
    """Obtaining a JWT failed."""


# Server administration (appended by the admin API) --------------------------------------------


class ServerCheckAvailabilityError(ServerAvailabilityError):
    """The availability check failed (python-arango's name; a ServerAvailabilityError)."""


class DatabaseSupportInfoError(ServerSupportInfoError):
    """Reading support info failed (python-arango's name; a ServerSupportInfoError)."""


class ServerAPICallsError(ArangoServerError):
    """Reading the recent API calls failed."""


class ServerIDError(ArangoServerError):
    """Reading the server id failed."""


class ServerModeError(ArangoServerError):
    """Reading the server mode failed."""


class ServerModeSetError(ArangoServerError):
    """Changing the server mode failed."""


class ServerEchoError(ArangoServerError):
    """Echoing a request failed."""


class ServerShutdownError(ArangoServerError):
    """Starting the shutdown failed."""


class ServerShutdownProgressError(ArangoServerError):
    """Reading the soft shutdown progress failed."""


class ServerRequiredDBVersionError(ArangoServerError):
    """Reading the required database version failed."""


class ServerLogLevelResetError(ArangoServerError):
    """Resetting log levels failed."""


class ServerLogSettingError(ArangoServerError):
    """Reading the structured log settings failed."""


class ServerLogSettingSetError(ArangoServerError):
    """Changing the structured log settings failed."""


class ServerReloadRoutingError(ArangoServerError):
    """Reloading the routing table failed."""


class ServerStatisticsError(ArangoServerError):
    """Reading server statistics failed."""


class ServerTLSError(ArangoServerError):
    """Reading the TLS data failed."""


class ServerTLSReloadError(ArangoServerError):
    """Reloading the TLS data failed."""


class ServerEncryptionError(ArangoServerError):
    """Rotating the encryption at rest key failed."""


class ServerCurrentOptionsGetError(ArangoServerError):
    """Reading the effective startup options failed."""


class ServerAvailableOptionsGetError(ArangoServerError):
    """Reading the available startup options failed."""


class ServerExecuteError(ArangoServerError):
    """Executing JavaScript on the server failed."""


class JWTSecretListError(ArangoServerError):
    """Reading the JWT secrets information failed."""


class JWTSecretReloadError(ArangoServerError):
    """Reloading the JWT secrets failed."""


class DatabaseCompactError(ArangoServerError):
    """Compacting all databases failed."""

# Collections, documents and bulk operations (appended by the collections module) ---------------


class CollectionLoadError(ArangoServerError):
    """Loading a collection failed (deprecated no-op on ArangoDB >= 3.9)."""


class CollectionUnloadError(ArangoServerError):
    """Unloading a collection failed (deprecated no-op on ArangoDB >= 3.9)."""


class DocumentParseError(InvalidArgumentError):
    """A document, key or ``_id`` is unusable (not a dict, no ``_key``/``_id``, or an ``_id``
    of another collection); raised before anything is sent."""


class SortValidationError(InvalidArgumentError):
    """Sort parameters of ``find`` are invalid; raised before anything is sent."""


class IndexMissingError(ArangoClientError):
    """No index of the needed kind exists (e.g. no geo index for ``find_in_box``)."""


class BulkOperationError(ArangoError):
    """A batched bulk operation (``batch_size=``/``concurrency=``) stopped early.

    A batch failed as a whole (or, with ``raise_on_document_error=True``, a document in it
    failed), so the batches not yet sent were not sent. ``report`` says for EVERY input
    document whether it was written, failed, not sent, or is unknown (its batch was in flight
    and may have been applied).

    :ivar report: the :class:`~arango_anyio.BulkReport`.
    :ivar error: the first error that stopped the operation.
    :ivar errors: every batch-level error, in the order they happened.
    :ivar operation: e.g. ``"insert_many"``.
    """

    def __init__(self, operation: str, report: Any, errors: list[BaseException]) -> None:
        self.operation = operation
        self.report = report
        self.errors = list(errors)
        self.error: BaseException | None = self.errors[0] if self.errors else None
        cause = self.error
        self.http_code: int | None = getattr(cause, "http_code", None)
        self.error_code: int | None = getattr(cause, "error_code", None)
        self.error_message: str | None = getattr(cause, "error_message", None) or (
            str(cause) if cause is not None else None
        )
        text = f"{operation} stopped early: {report.summary()}"
        if cause is not None:
            text += f"; first error: {type(cause).__name__}: {cause}"
        super().__init__(text)
        self.message = text

    @property
    def written(self) -> list[int]:
        """Input indices of the documents the server confirmed as written."""
        return list(self.report.written)

    @property
    def not_sent(self) -> list[int]:
        """Input indices of the documents never sent."""
        return list(self.report.not_sent)

    @property
    def unknown(self) -> list[int]:
        """Input indices of documents whose batch was in flight (may have been applied)."""
        return list(self.report.unknown)

    @property
    def failed(self) -> list[int]:
        """Input indices of the documents the server refused."""
        return list(self.report.failed)


# -- Views (``/_api/view``) --------------------------------------------------------------


class ViewListError(ArangoServerError):
    """Listing the views failed."""


class ViewGetError(ArangoServerError):
    """Reading a view failed."""


class ViewCreateError(ArangoServerError):
    """Creating a view failed."""


class ViewUpdateError(ArangoServerError):
    """Updating a view's properties failed."""


class ViewReplaceError(ArangoServerError):
    """Replacing a view's properties failed."""


class ViewDeleteError(ArangoServerError):
    """Deleting a view failed."""


class ViewRenameError(ArangoServerError):
    """Renaming a view failed."""

# -- Analyzers (``/_api/analyzer``) ------------------------------------------------------


class AnalyzerListError(ArangoServerError):
    """Listing the analyzers failed."""


class AnalyzerGetError(ArangoServerError):
    """Reading an analyzer failed."""


class AnalyzerCreateError(ArangoServerError):
    """Creating an analyzer failed."""


class AnalyzerDeleteError(ArangoServerError):
    """Deleting an analyzer failed."""

# -- Server tasks (``/_api/tasks``) ------------------------------------------------------


class TaskListError(ArangoServerError):
    """Listing the server tasks failed."""


class TaskGetError(ArangoServerError):
    """Reading a server task failed."""


class TaskCreateError(ArangoServerError):
    """Creating a server task failed."""


class TaskDeleteError(ArangoServerError):
    """Deleting a server task failed."""

# -- Foxx (``/_api/foxx``) ---------------------------------------------------------------


class FoxxServiceListError(ArangoServerError):
    """Listing the Foxx services failed."""


class FoxxServiceGetError(ArangoServerError):
    """Reading a Foxx service failed."""


class FoxxServiceCreateError(ArangoServerError):
    """Installing a Foxx service failed."""


class FoxxServiceUpdateError(ArangoServerError):
    """Upgrading a Foxx service failed."""


class FoxxServiceReplaceError(ArangoServerError):
    """Replacing a Foxx service failed."""


class FoxxServiceDeleteError(ArangoServerError):
    """Uninstalling a Foxx service failed."""


class FoxxConfigGetError(ArangoServerError):
    """Reading a Foxx service's configuration failed."""


class FoxxConfigUpdateError(ArangoServerError):
    """Updating a Foxx service's configuration failed."""


class FoxxConfigReplaceError(ArangoServerError):
    """Replacing a Foxx service's configuration failed."""


class FoxxDependencyGetError(ArangoServerError):
    """Reading a Foxx service's dependencies failed."""


class FoxxDependencyUpdateError(ArangoServerError):
    """Updating a Foxx service's dependencies failed."""


class FoxxDependencyReplaceError(ArangoServerError):
    """Replacing a Foxx service's dependencies failed."""


class FoxxScriptListError(ArangoServerError):
    """Listing a Foxx service's scripts failed."""


class FoxxScriptRunError(ArangoServerError):
    """Running a Foxx service script failed."""


class FoxxTestRunError(ArangoServerError):
    """Running a Foxx service's tests failed."""


class FoxxDevModeEnableError(ArangoServerError):
    """Enabling a Foxx service's development mode failed."""


class FoxxDevModeDisableError(ArangoServerError):
    """Disabling a Foxx service's development mode failed."""


class FoxxReadmeGetError(ArangoServerError):
    """Reading a Foxx service's README failed."""


class FoxxSwaggerGetError(ArangoServerError):
    """Reading a Foxx service's Swagger description failed."""


class FoxxDownloadError(ArangoServerError):
    """Downloading a Foxx service bundle failed."""


class FoxxCommitError(ArangoServerError):
    """Committing the local Foxx state failed."""

# -- Hot backups (``/_admin/backup``) ----------------------------------------------------


class BackupCreateError(ArangoServerError):
    """Creating a hot backup failed."""


class BackupDeleteError(ArangoServerError):
    """Deleting a hot backup failed."""


class BackupDownloadError(ArangoServerError):
    """Downloading a hot backup failed."""


class BackupGetError(ArangoServerError):
    """Listing hot backups failed."""


class BackupRestoreError(ArangoServerError):
    """Restoring a hot backup failed."""


class BackupUploadError(ArangoServerError):
    """Uploading a hot backup failed."""

# -- Cluster (``/_admin/cluster``, ``/_api/cluster``) ------------------------------------


class ClusterEndpointsError(ArangoServerError):
    """Reading the cluster endpoints failed."""


class ClusterHealthError(ArangoServerError):
    """Reading the cluster health failed."""


class ClusterMaintenanceModeError(ArangoServerError):
    """Reading or changing a maintenance mode failed."""


class ClusterRebalanceError(ArangoServerError):
    """Computing or running a shard rebalance failed."""


class ClusterServerCountError(ArangoServerError):
    """Reading the number of servers failed."""


class ClusterServerEngineError(ArangoServerError):
    """Reading a server's storage engine failed."""


class ClusterServerIDError(ArangoServerError):
    """Reading the server id failed."""


class ClusterServerModeError(ArangoServerError):
    """Reading the server mode failed."""


class ClusterServerRoleError(ArangoServerError):
    """Reading the server role failed."""


class ClusterServerStatisticsError(ArangoServerError):
    """Reading a server's statistics failed."""


class ClusterServerVersionError(ArangoServerError):
    """Reading a server's version failed."""


class ClusterVpackSortMigrationError(ArangoServerError):
    """Checking or running the VelocyPack sort migration failed."""

# -- Replication (``/_api/replication``) -------------------------------------------------


class ReplicationInventoryError(ArangoServerError):
    """Reading the replication inventory failed."""


class ReplicationDumpBatchCreateError(ArangoServerError):
    """Creating a dump batch failed."""


class ReplicationDumpBatchDeleteError(ArangoServerError):
    """Deleting a dump batch failed."""


class ReplicationDumpBatchExtendError(ArangoServerError):
    """Extending a dump batch failed."""


class ReplicationDumpError(ArangoServerError):
    """Dumping a collection failed."""


class ReplicationSyncError(ArangoServerError):
    """Synchronizing from a leader failed."""


class ReplicationClusterInventoryError(ArangoServerError):
    """Reading the cluster inventory failed."""


class ReplicationLoggerStateError(ArangoServerError):
    """Reading the replication logger state failed."""


class ReplicationLoggerFirstTickError(ArangoServerError):
    """Reading the replication logger's first tick failed."""


class ReplicationApplierConfigError(ArangoServerError):
    """Reading the replication applier configuration failed."""


class ReplicationApplierConfigSetError(ArangoServerError):
    """Changing the replication applier configuration failed."""


class ReplicationApplierStateError(ArangoServerError):
    """Reading the replication applier state failed."""


class ReplicationApplierStartError(ArangoServerError):
    """Starting the replication applier failed."""


class ReplicationApplierStopError(ArangoServerError):
    """Stopping the replication applier failed."""


class ReplicationMakeSlaveError(ArangoServerError):
    """Turning the server into a follower failed."""


class ReplicationServerIDError(ArangoServerError):
    """Reading the replication server id failed."""

# -- Write-ahead log (``/_admin/wal``, ``/_api/wal``) ------------------------------------


class WALPropertiesError(ArangoServerError):
    """Reading the WAL properties failed."""


class WALConfigureError(ArangoServerError):
    """Changing the WAL properties failed."""


class WALTransactionListError(ArangoServerError):
    """Listing the WAL's running transactions failed."""


class WALFlushError(ArangoServerError):
    """Flushing the WAL failed."""


class WALTickRangesError(ArangoServerError):
    """Reading the WAL tick ranges failed."""


class WALLastTickError(ArangoServerError):
    """Reading the WAL's last tick failed."""


class WALTailError(ArangoServerError):
    """Tailing the WAL failed."""

# -- Pregel (``/_api/control_pregel``, removed in ArangoDB 3.12) -------------------------


class PregelJobCreateError(ArangoServerError):
    """Starting a Pregel job failed."""


class PregelJobGetError(ArangoServerError):
    """Reading Pregel jobs failed."""


class PregelJobDeleteError(ArangoServerError):
    """Cancelling a Pregel job failed."""


# Graphs ----------------------------------------------------------------------------------------


class GraphListError(ArangoServerError):
    """Listing graphs failed."""


class GraphCreateError(ArangoServerError):
    """Creating a graph failed (e.g. 1925 duplicate, 1921 conflicting edge definition)."""


class GraphDeleteError(ArangoServerError):
    """Dropping a graph failed (e.g. 1924 unknown graph)."""


class GraphPropertiesError(ArangoServerError):
    """Reading a graph's properties failed (e.g. 1924 unknown graph)."""


class GraphTraverseError(ArangoServerError):
    """The JavaScript traversal API (``/_api/traversal``, removed in ArangoDB 3.12) failed."""


class VertexCollectionListError(ArangoServerError):
    """Listing a graph's vertex collections failed."""


class VertexCollectionCreateError(ArangoServerError):
    """Adding a vertex collection to a graph failed (e.g. 1938, 1929)."""


class VertexCollectionDeleteError(ArangoServerError):
    """Removing a vertex collection from a graph failed (e.g. 1928 not an orphan)."""


class EdgeCollectionListError(ArangoServerError):
    """Listing a graph's edge collections failed."""


class EdgeDefinitionListError(ArangoServerError):
    """Reading a graph's edge definitions failed."""


class EdgeDefinitionCreateError(ArangoServerError):
    """Adding an edge definition failed (e.g. 1920, 1921, 1923)."""


class EdgeDefinitionReplaceError(ArangoServerError):
    """Replacing an edge definition failed (e.g. 1930 not in the graph)."""


class EdgeDefinitionDeleteError(ArangoServerError):
    """Removing an edge definition failed (e.g. 1930 not in the graph)."""


class EdgeListError(ArangoServerError):
    """Reading the edges of a vertex (``/_api/edges``) failed."""
