"""The per-endpoint prediction UDF: rows in, the same rows plus probability and prediction out.

A SET UDF; ``run`` is called once per group (all rows without ``GROUP BY``). It reads the group in
chunks, serialises them to CSV, cuts request bodies by bytes (carrying leftover rows into the next
body so requests stay full), invokes the endpoint, and emits each batch's rows with their predictions
in input order. One runtime client per UDF instance, built at the first ``run``.

Requests go out through a :class:`RequestSender`: a worker thread sends one request at a time, the
next one the moment the previous answer is in, while the UDF reads and serialises the next batch and
parses and emits the answered ones, so its own work overlaps with the endpoint's. A group that fits one
request sends it from the UDF's own thread. While more rows may follow, the first request carries at
most 1 MiB; the size doubles up to the full size each time a body has to wait for the endpoint (the
endpoint is the slower side, and larger requests save it per-request work). When the group fails, no
further request is sent; one already on its way finishes in its daemon thread and its answer is dropped.
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any, Callable, Deque, List, NamedTuple, Optional, Sequence

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.aws_session import build_client
from exasol_sagemaker_extension.errors import PredictionError
from exasol_sagemaker_extension.prediction_csv import (DEFAULT_MAX_PAYLOAD_BYTES, all_double,
                                                       column_formatter_for, format_lines,
                                                       parse_sql_type)
from exasol_sagemaker_extension.prediction_parsing import (converter_for, expected_layout,
                                                           parse_predictions)
from exasol_sagemaker_extension.request_sender import RequestSender
from exasol_sagemaker_extension.runtime_gateway import (CONNECT_TIMEOUT_SECONDS,
                                                        READ_TIMEOUT_SECONDS, BatchInfo,
                                                        RuntimeGateway)
from exasol_sagemaker_extension.udfs.aws_connection import ClientFactory, read_connection_credentials

if TYPE_CHECKING:
    import pandas as pd

RUNTIME_SERVICE = "sagemaker-runtime"
FIRST_CHUNK_ROWS = 1000
MIN_CHUNK_ROWS = 100
# the first request of a large group carries at most this much, so the endpoint starts early; the size
# doubles up to the full size while the endpoint is slower than the UDF
FIRST_REQUEST_BYTES = 1024 * 1024
MAX_CHUNK_ROWS = 100_000
# get_dataframe turns whole-number columns holding NULLs into float64; from 16 digits on that loses
# digits, so such inputs are read row by row instead.
_FLOAT_SAFE_DIGITS = 15

Columns = List[list]


class PredictionUDF:
    """Scores rows with one SageMaker Autopilot endpoint."""

    def __init__(self, exa: Any, endpoint_name: str, connection_name: str, aws_region: str,
                 problem_type: Optional[str], client_factory: Optional[ClientFactory] = None,
                 max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
                 first_request_bytes: int = FIRST_REQUEST_BYTES):
        self._exa = exa
        self._endpoint_name = names.validate_endpoint_name(endpoint_name)
        self._connection_name = connection_name
        self._region = names.validate_region(aws_region)
        self._client_factory = client_factory
        self._max_bytes = int(max_payload_bytes)
        self._first_request_bytes = max(1, int(first_request_bytes))
        self._inputs = list(exa.meta.input_columns)
        self._outputs = list(exa.meta.output_columns)
        self._problem_type = names.validate_problem_type(problem_type) or self._problem_type_from_layout()
        self._classification = self._problem_type in names.CLASSIFICATION_PROBLEM_TYPES
        self._check_layout()
        self._input_types = [parse_sql_type(column.sql_type) for column in self._inputs]
        self._formatters = [column_formatter_for(column.sql_type) for column in self._inputs]
        self._all_double = all_double(self._formatters)
        self._convert = converter_for(self._outputs[-1].sql_type)
        self._prediction_is_timestamp = parse_sql_type(self._outputs[-1].sql_type).kind == "TIMESTAMP"
        self._read_row_by_row = any(
            sql_type.is_integer and (sql_type.precision or 0) > _FLOAT_SAFE_DIGITS
            and (sql_type.precision or 0) <= 18 for sql_type in self._input_types)
        self._gateway: Optional[RuntimeGateway] = None

    def run(self, ctx: Any) -> None:
        """Predict all rows of the current group and emit them."""
        gateway = self._runtime_gateway()
        reader = self._row_by_row_reader(ctx) if self._read_row_by_row else self._dataframe_reader(ctx)
        flight = _Flight(self._endpoint_name, gateway)
        pending = _PendingRows(len(self._inputs))
        rows_wanted = FIRST_CHUNK_ROWS
        request_bytes = min(self._first_request_bytes, self._max_bytes)
        try:
            while True:
                chunk = reader(rows_wanted)
                if chunk is None:
                    break
                pending.add(*chunk)
                # a chunk shorter than asked for holds the group's last rows. Before any request, the group
                # goes in full requests (one, if it fits); once requests flow, the size stays, so the last
                # one, which the UDF can only wait for, stays short
                if chunk.row_count < rows_wanted and flight.sender is None:
                    request_bytes = self._max_bytes
                while pending.body_size() > request_bytes:
                    if self._send_batch(ctx, flight, pending, request_bytes, more_to_come=True):
                        request_bytes = min(self._max_bytes, request_bytes * 2)
                rows_wanted = pending.rows_to_fill(request_bytes)
            while pending.row_count():
                self._send_batch(ctx, flight, pending, request_bytes, more_to_come=False)
            while flight.sender is not None and flight.sender.outstanding():
                ctx.emit(self._answered_frame(flight))
        finally:
            if flight.sender is not None:
                flight.sender.stop()

    # AWS

    def _runtime_gateway(self) -> RuntimeGateway:
        if self._gateway is None:
            secrets: Sequence[Optional[str]] = ()
            if self._client_factory is not None:
                client = self._client_factory(RUNTIME_SERVICE, self._connection_name, self._region)
            else:
                credentials = read_connection_credentials(self._exa, self._connection_name)
                client = build_client(RUNTIME_SERVICE, credentials, self._region,
                                      read_timeout=READ_TIMEOUT_SECONDS,
                                      connect_timeout=CONNECT_TIMEOUT_SECONDS)
                secrets = (credentials.secret_access_key, credentials.session_token)
            self._gateway = RuntimeGateway(client, udf_name=self._udf_name(), redact=secrets)
        return self._gateway

    def _send_batch(self, ctx: Any, flight: "_Flight", pending: "_PendingRows", limit: int,
                    more_to_come: bool) -> bool:
        """Hand the next batch to the sender and emit the batches answered meanwhile.

        Returns whether the sender was still busy with earlier batches: the endpoint is the slower side,
        and larger requests cost it less.
        """
        if pending.text.first_row_size() > limit:  # a row only the full request size can carry (or E-SME-74)
            limit = self._max_bytes
        body, end = pending.text.take(limit, first_row=pending.rows_done)
        pending.batch_number += 1
        batch = BatchInfo(pending.batch_number, pending.rows_done + 1, pending.rows_done + end)
        inputs = pending.take_values(end)
        if flight.sender is None:  # a group that needs a single request sends it from this thread
            alone = not more_to_come and not pending.row_count()
            flight.sender = RequestSender(flight.invoke, threaded=not alone)
        self._emit_answered(ctx, flight)
        flight.batches.append(_SentBatch(batch, inputs))
        behind = flight.sender.send(body, batch)
        self._emit_answered(ctx, flight)  # what came in while waiting for room
        return behind

    def _emit_answered(self, ctx: Any, flight: "_Flight") -> None:
        """Emit the batches whose answers are in, oldest first, without waiting for any."""
        assert flight.sender is not None
        while flight.sender.answered():
            ctx.emit(self._answered_frame(flight))

    def _answered_frame(self, flight: "_Flight") -> pd.DataFrame:
        """The rows of the oldest batch on its way followed by what its answer says (waits for the answer)."""
        assert flight.sender is not None
        sent = flight.batches.popleft()
        _, answer = flight.sender.next_answer()
        rows = sent.batch.last_row - sent.batch.first_row + 1
        where = f"endpoint {self._endpoint_name}, {sent.batch.describe()}"
        answers = self._answer_columns(answer, rows, where)
        if isinstance(sent.inputs, list):
            return frame_columns().object_frame(sent.inputs + answers, rows)
        return frame_columns().block_frame(sent.inputs, answers)

    def _answer_columns(self, answer: str, rows: int, where: str) -> Columns:
        """The columns emitted after the inputs, read from the endpoint's answer to ``rows`` rows."""
        result = parse_predictions(answer, rows, self._problem_type, self._convert, where=where)
        predictions = result.predictions
        if self._prediction_is_timestamp:
            predictions = frame_columns().as_timestamps(predictions)
        if self._classification:
            return [result.probabilities, predictions]
        return [predictions]

    # reading the group

    def _dataframe_reader(self, ctx: Any) -> Callable[[int], Optional[_Chunk]]:
        width = len(self._inputs)
        frames = frame_columns()

        def read(rows: int) -> Optional[_Chunk]:
            frame = ctx.get_dataframe(num_rows=rows)
            if frame is None or len(frame) == 0:
                return None
            block = frames.float_block(frame, width) if self._all_double else None
            if block is not None:  # all inputs DOUBLE: written and emitted from the frame's own array
                return _Chunk(block, row_text().rows_of_doubles(block), len(frame))
            columns = frames.column_values(frame, self._input_types)
            return _Chunk(columns, row_text().rows_of_lines(format_lines(columns, self._formatters)), len(frame))

        return read

    def _row_by_row_reader(self, ctx: Any) -> Callable[[int], Optional[_Chunk]]:
        state = {"finished": False}
        width = len(self._inputs)
        timestamps = [index for index, sql_type in enumerate(self._input_types)
                      if sql_type.kind == "TIMESTAMP"]

        def read(rows: int) -> Optional[_Chunk]:
            if state["finished"]:
                return None
            columns: Columns = [[] for _ in range(width)]
            for _ in range(rows):
                for index in range(width):
                    columns[index].append(ctx[index])
                if not ctx.next():
                    state["finished"] = True
                    break
            for index in timestamps:
                columns[index] = frame_columns().as_timestamps(columns[index])
            return _Chunk(columns, row_text().rows_of_lines(format_lines(columns, self._formatters)),
                          len(columns[0]))

        return read

    # column layout

    def _problem_type_from_layout(self) -> str:
        names_emitted = [column.name for column in self._outputs]
        if names.PROBABILITY_COLUMN in names_emitted:
            return "BinaryClassification"
        return "Regression"

    def _check_layout(self) -> None:
        tail = list(expected_layout(self._problem_type))
        width = len(self._inputs)
        problems = []
        if not self._inputs:
            problems.append("it has no input columns")
        if len(self._outputs) < width:
            problems.append(f"it emits {len(self._outputs)} columns for {width} inputs")
        for column_in, column_out in zip(self._inputs, self._outputs):
            if column_in.name != column_out.name or _type_key(column_in) != _type_key(column_out):
                problems.append(f"emitted column {column_out.name} {column_out.sql_type} does not "
                                f"repeat input {column_in.name} {column_in.sql_type}")
        emitted_tail = [column.name for column in self._outputs[width:]]
        if emitted_tail != tail:
            problems.append(f"after its inputs it emits ({', '.join(emitted_tail)}) where "
                            f"({', '.join(tail)}) is needed")
        elif self._classification and parse_sql_type(self._outputs[-2].sql_type).kind != "DOUBLE":
            problems.append(f"{names.PROBABILITY_COLUMN} is {self._outputs[-2].sql_type}, not DOUBLE")
        if problems:
            raise PredictionError(
                error_codes.INPUT_COLUMNS_MISMATCH,
                f"prediction UDF {self._udf_name()} does not fit problem type {self._problem_type}: "
                + "; ".join(problems),
                "Deploy the endpoint again with SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT to regenerate the "
                "UDF; it must emit its inputs, then PROBABILITY DOUBLE (classification only), then "
                "PREDICTIONS.")

    def _udf_name(self) -> str:
        meta = self._exa.meta
        schema = getattr(meta, "script_schema", None)
        script = getattr(meta, "script_name", None) or self._endpoint_name
        quoted = '"' + str(script).replace('"', '""') + '"'
        return ('"' + str(schema).replace('"', '""') + '".' + quoted) if schema else quoted


class _Chunk(NamedTuple):
    """Rows read from the group: their values (column lists, or a float64 block), their CSV text, how many."""

    values: Any
    rows: Any  # row_text.RowText
    row_count: int


class _SentBatch(NamedTuple):
    """A batch handed to the sender: where it sits in the group and its input values (as read)."""

    batch: BatchInfo
    inputs: Any


class _Flight:
    """The batches of one group handed to the sender and not yet emitted, oldest first."""

    def __init__(self, endpoint_name: str, gateway: RuntimeGateway):
        self._endpoint_name = endpoint_name
        self._gateway = gateway
        self.sender: Optional[RequestSender] = None
        self.batches: Deque[_SentBatch] = deque()

    def invoke(self, body: bytes, batch: BatchInfo) -> str:
        return self._gateway.invoke(self._endpoint_name, body, batch)


class _PendingRows:
    """Rows read but not yet sent: their values and their CSV text.

    Values are column lists, or one float64 block (rows x columns) when the group is read as such; a
    group keeps one form, as its chunks all have the same column types.
    """

    def __init__(self, width: int):
        self.values: Any = None
        self.text = row_text().PendingText()
        self.rows_done = 0
        self.batch_number = 0
        self._width = width
        self._rows_seen = 0
        self._bytes_seen = 0

    def add(self, values: Any, rows: Any, row_count: int) -> None:
        if self.values is not None and isinstance(values, list) != isinstance(self.values, list):
            # a chunk that did not come as a float block (an all-NULL column may come as objects)
            if isinstance(values, list):
                self.values = frame_columns().block_values(self.values)
            else:
                values = frame_columns().block_values(values)
        if isinstance(values, list):
            if self.values is None:
                self.values = [[] for _ in range(self._width)]
            for pending, new in zip(self.values, values):
                pending.extend(new)
        elif self.values is None or not len(self.values):
            self.values = values
        else:
            import numpy  # noqa: PLC0415 (loaded with the frame that held these values)

            self.values = numpy.concatenate((self.values, values))
        self.text.add(rows)
        self._rows_seen += row_count
        self._bytes_seen += len(rows.text)

    def row_count(self) -> int:
        return self.text.row_count()

    def body_size(self) -> int:
        return self.text.body_size()

    def rows_to_fill(self, max_bytes: int) -> int:
        average = max(self._bytes_seen / max(self._rows_seen, 1), 1.0)
        wanted = int((max_bytes - self.body_size()) / average) + 1
        return min(max(wanted, MIN_CHUNK_ROWS), MAX_CHUNK_ROWS)

    def take_values(self, count: int) -> Any:
        """The values of the first ``count`` rows, removed (their text has been taken)."""
        self.rows_done += count
        if not isinstance(self.values, list):
            taken, self.values = self.values[:count], self.values[count:]
            return taken
        taken = [column[:count] for column in self.values]
        for column in self.values:
            del column[:count]
        return taken


def row_text() -> Any:
    """The module holding rows as CSV text (numpy), imported at the first group like :func:`frame_columns`."""
    from exasol_sagemaker_extension import row_text as module  # noqa: PLC0415

    return module


def frame_columns() -> Any:
    """The module reading and building DataFrames, imported at the first group rather than with the UDF.

    It needs pandas and numpy (0.5 s to import), which Exasol's own ``get_dataframe`` imports at the
    first group anyway; a UDF that stops before reading rows (a wrong layout or connection) never needs them.
    """
    from exasol_sagemaker_extension import frame_columns as module  # noqa: PLC0415

    return module


def _type_key(column: Any) -> str:
    return " ".join(str(column.sql_type).upper().split())

