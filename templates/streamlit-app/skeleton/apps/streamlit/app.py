"""The Streamlit app of ${{ values.name }}.

Shows the project's MLflow experiments and runs, plots a metric of the selected runs and, when
MODEL_ENDPOINT is set (a Seldon model of this project), sends a test request to the model.
Run locally with ``make connect`` in another terminal::

    pip install -r apps/streamlit/requirements.txt
    streamlit run apps/streamlit/app.py
"""

from __future__ import annotations

import json
import os

import mlflow
import pandas as pd
import requests
import streamlit as st

TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "http://localhost:5000")
MODEL_ENDPOINT = os.environ.get("MODEL_ENDPOINT", "")
# On its own line: a title of up to 80 characters keeps within the 100-character lines.
APP_TITLE = "${{ values.appTitle }}"
PROJECT = "${{ values.name }}"

st.set_page_config(page_title=APP_TITLE, layout="wide")
st.title(APP_TITLE)
st.caption(f"Project {PROJECT} - MLflow at {TRACKING_URI}")

mlflow.set_tracking_uri(TRACKING_URI)


@st.cache_data(ttl=60)
def experiments() -> list[str]:
    """Return the names of the active experiments."""
    return [e.name for e in mlflow.search_experiments()]


@st.cache_data(ttl=60)
def runs(experiment: str) -> pd.DataFrame:
    """Return the experiment's runs, newest first."""
    return mlflow.search_runs(experiment_names=[experiment], order_by=["start_time DESC"])


try:
    names = experiments()
except Exception as error:  # noqa: BLE001 - show any connection problem to the user
    st.error(f"MLflow is not reachable at {TRACKING_URI}: {error}")
    st.stop()

if not names:
    st.info("No experiments yet: train a model first (make train).")
    st.stop()

default = names.index(PROJECT) if PROJECT in names else 0
experiment = st.sidebar.selectbox("Experiment", names, index=default)
table = runs(experiment)
st.subheader(f"Runs of {experiment}")
if table.empty:
    st.info("This experiment has no runs yet.")
    st.stop()

metric_columns = [c for c in table.columns if c.startswith("metrics.")]
shown = ["run_id", "status", "start_time", *metric_columns]
st.dataframe(table[shown], use_container_width=True, hide_index=True)

if metric_columns:
    metric = st.sidebar.selectbox("Metric", [c.removeprefix("metrics.") for c in metric_columns])
    st.subheader(f"{metric} by run")
    chart = table[["start_time", f"metrics.{metric}"]].dropna().set_index("start_time")
    st.line_chart(chart)

if MODEL_ENDPOINT:
    st.subheader("Try the model")
    payload = st.text_area(
        "Open Inference Protocol v2 request",
        json.dumps(
            {"inputs": [{"name": "x", "shape": [1, 16], "datatype": "FP32", "data": [[0.0] * 16]}]},
            indent=2,
        ),
        height=200,
    )
    if st.button("Send"):
        try:
            response = requests.post(MODEL_ENDPOINT, json=json.loads(payload), timeout=30)
            st.json(response.json())
        except (requests.RequestException, ValueError) as error:
            st.error(f"The request failed: {error}")
