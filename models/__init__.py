"""The neural drummer: encoding, network, training, evaluation and inference. Never imports Qt."""
